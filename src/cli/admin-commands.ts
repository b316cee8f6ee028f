import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { loadConfig, type SettingKey } from '../config.js';
import { AppError } from '../core/shared/app-error.js';
import type { Station } from '../core/stations/index.js';
import type { IdToken, TokenStatus } from '../core/tokens/index.js';
import { openCore, type CoreHandle } from '../server.js';
import { DATABASE_SETTINGS, flagsOf, withSettings } from './settings-options.js';

type Options = Record<string, unknown>;

/** Runs `work` against the configured store (the embedded one is reused if a server holds it) and closes it. */
async function withCore(options: Options, work: (core: CoreHandle) => Promise<void>): Promise<void> {
  const flags: Partial<Record<SettingKey, unknown>> = { logLevel: 'warn', ...flagsOf(options) };
  const core = await openCore(loadConfig('serve', process.env, flags));
  try {
    await work(core);
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await core.close();
  }
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function stationLine(s: Station): string {
  const online = s.online ? 'online ' : 'offline';
  return `${s.id.padEnd(24)} ${s.admission.padEnd(9)} ${online} ${(s.protocol ?? '-').padEnd(6)} ${[s.vendor, s.model].filter(Boolean).join(' ') || '-'}${s.hasPassword ? '  [password]' : ''}`;
}

function tokenLine(t: IdToken): string {
  return `${t.token.padEnd(24)} ${t.type.padEnd(10)} ${t.status.padEnd(9)} ${t.expiresAt ?? '-'}  ${t.label ?? ''}`;
}

/** A password within OCPP's 16-40 character limit for basic auth. */
function generatedPassword(): string {
  return randomBytes(18).toString('base64url');
}

function sub(parent: Command, name: string, description: string): Command {
  return withSettings(parent.command(name).description(description), DATABASE_SETTINGS);
}

/** `chargewatch stations …` and `chargewatch tokens …`: manage stations and id tokens in the store. */
export function registerAdminCommands(program: Command): void {
  const stations = program.command('stations').description('list, add, approve and secure charging stations');
  sub(stations, 'list', 'list stations').option('--pending', 'only stations waiting for approval').option('--search <text>', 'match id, name, vendor or model')
    .action((o: Options) => withCore(o, async ({ stations: svc }) => {
      const page = await svc.list({ admission: o.pending ? 'pending' : undefined, search: o.search as string | undefined, limit: 1000 });
      for (const s of page.items) print(stationLine(s));
      print(`${page.total} station(s)`);
    }));
  sub(stations, 'add <id>', 'register a station (accepted); --password enables basic auth (security profile 1)')
    .option('--name <name>', 'display name').option('--password <password>', '16-40 characters').option('--generate-password', 'create a random password and print it')
    .action((id: string, o: Options) => withCore(o, async ({ stations: svc }) => {
      const password = o.generatePassword ? generatedPassword() : (o.password as string | undefined);
      const s = await svc.create({ id, name: o.name as string | undefined, password, admission: 'accepted' });
      print(stationLine(s));
      if (o.generatePassword) print(`basic-auth password for ${id}: ${password}`);
    }));
  for (const [name, verb, description] of [['approve', 'approve', 'accept a pending station'], ['reject', 'reject', 'refuse a station from now on'], ['disable', 'disable', 'disconnect and refuse a station until approved again']] as const) {
    sub(stations, `${name} <id>`, description).action((id: string, o: Options) => withCore(o, async ({ stations: svc }) => print(stationLine(await svc[verb](id)))));
  }
  sub(stations, 'password <id>', 'set (or with --clear remove) a station\'s basic-auth password; without --password one is generated')
    .option('--password <password>', '16-40 characters').option('--clear', 'remove the password (no authentication)')
    .action((id: string, o: Options) => withCore(o, async ({ stations: svc }) => {
      const password = o.clear ? null : ((o.password as string | undefined) ?? generatedPassword());
      await svc.setPassword(id, password);
      print(password === null ? `${id}: password removed` : o.password ? `${id}: password set` : `basic-auth password for ${id}: ${password}`);
    }));
  sub(stations, 'remove <id>', 'delete a station that has no sessions').action((id: string, o: Options) => withCore(o, async ({ stations: svc }) => {
    await svc.remove(id);
    print(`${id}: removed`);
  }));

  const tokens = program.command('tokens').description('manage driver id tokens (RFID cards, app ids, PINs)');
  sub(tokens, 'list', 'list id tokens').option('--status <status>', 'accepted | blocked | expired | invalid')
    .action((o: Options) => withCore(o, async ({ tokens: svc }) => {
      const page = await svc.list({ status: o.status as TokenStatus | undefined, limit: 1000 });
      for (const t of page.items) print(tokenLine(t));
      print(`${page.total} token(s)`);
    }));
  sub(tokens, 'add <token>', 'add an id token').option('--type <type>', 'ISO14443 (default), ISO15693, KeyCode, Central, eMAID, MacAddress, Local')
    .option('--label <label>', 'who or what it is').option('--group <groupId>', 'group (parent id tag)').option('--expires <date>', 'expiry, ISO date')
    .action((token: string, o: Options) => withCore(o, async ({ tokens: svc }) => {
      print(tokenLine(await svc.add({ token, type: o.type as string | undefined, label: o.label as string | undefined, groupId: o.group as string | undefined, expiresAt: o.expires as string | undefined })));
    }));
  for (const [name, status] of [['block', 'blocked'], ['unblock', 'accepted']] as const) {
    sub(tokens, `${name} <token>`, `mark a token ${status}`).action((token: string, o: Options) => withCore(o, async ({ tokens: svc }) => print(tokenLine(await svc.setStatus(token, status)))));
  }
  sub(tokens, 'remove <token>', 'delete a token').action((token: string, o: Options) => withCore(o, async ({ tokens: svc }) => {
    await svc.remove(token);
    print(`${token}: removed`);
  }));
}
