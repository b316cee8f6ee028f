import { Command, Option } from 'commander';
import { loadConfig, type SettingKey } from '../config.js';
import { ROLES, type AccountView, type Role } from '../core/accounts/index.js';
import { AppError } from '../core/shared/app-error.js';
import { openCore, type CoreHandle } from '../server.js';
import { DATABASE_SETTINGS, flagsOf, withSettings } from './settings-options.js';

type Options = Record<string, unknown>;

/** Runs `work` with the accounts service of the configured store, printing AppErrors as one line (exit 1). */
async function withAccounts(options: Options, work: (accounts: CoreHandle['accounts']) => Promise<void>): Promise<void> {
  const flags: Partial<Record<SettingKey, unknown>> = { logLevel: 'warn', ...flagsOf(options) };
  const core = await openCore(loadConfig('serve', process.env, flags));
  try {
    await work(core.accounts);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = 1;
  } finally {
    await core.close();
  }
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function userLine(u: AccountView): string {
  const flags = [u.disabled ? 'disabled' : '', u.mustChangePassword ? 'must change password' : ''].filter(Boolean).join(', ');
  return `${u.username.padEnd(24)} ${u.role.padEnd(10)} ${(u.lastLoginAt ?? 'never logged in').padEnd(24)} ${u.displayName ?? ''}${flags ? `  [${flags}]` : ''}`;
}

function sub(parent: Command, name: string, description: string): Command {
  return withSettings(parent.command(name).description(description), DATABASE_SETTINGS);
}

/** `chargewatch users …`: manage operator accounts from the shell (e.g. to recover a lost admin password). */
export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('manage operator accounts (web dashboard and API logins)');
  sub(users, 'list', 'list accounts').action((o: Options) => withAccounts(o, async (accounts) => {
    const all = await accounts.list();
    for (const u of all) print(userLine(u));
    print(`${all.length} user(s)`);
  }));
  sub(users, 'add <username>', 'create an account; without --password one is generated, printed, and must be changed at first login')
    .addOption(new Option('--role <role>', 'what the account may do').choices([...ROLES]).makeOptionMandatory())
    .option('--password <password>', 'at least 10 characters').option('--generate', 'generate a password and print it (the default)')
    .option('--display-name <name>', 'name shown in the dashboard')
    .action((username: string, o: Options) => withAccounts(o, async (accounts) => {
      const password = o.generate ? undefined : (o.password as string | undefined);
      const created = await accounts.create({ username, role: o.role as Role, password, displayName: o.displayName as string | undefined }, null);
      print(userLine(created.user));
      if (created.password) print(`password for ${created.user.username}: ${created.password}`);
    }));
  sub(users, 'passwd <username>', 'set a new password (generated and printed unless --password is given); ends the user\'s sessions')
    .option('--password <password>', 'at least 10 characters')
    .action((username: string, o: Options) => withAccounts(o, async (accounts) => {
      const given = o.password as string | undefined;
      const { user, password } = await accounts.resetPassword(username, given, null);
      print(given === undefined ? `password for ${user.username}: ${password}   (must be changed at next login)` : `${user.username}: password set`);
    }));
  sub(users, 'disable <username>', 'block an account and end its sessions (not the last active admin)').action((username: string, o: Options) => withAccounts(o, async (accounts) => {
    print(userLine(await accounts.setDisabledByName(username, true, null)));
  }));
  sub(users, 'enable <username>', 'unblock an account').action((username: string, o: Options) => withAccounts(o, async (accounts) => {
    print(userLine(await accounts.setDisabledByName(username, false, null)));
  }));
}
