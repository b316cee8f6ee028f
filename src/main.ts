#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from './config.js';
import { registerAdminCommands } from './cli/admin-commands.js';
import { registerCertsCommand } from './cli/certs-command.js';
import { runCommand } from './cli/run-command.js';
import { DATABASE_SETTINGS, flagsOf, withSettings } from './cli/settings-options.js';
import { registerSimulateCommand } from './cli/simulate-command.js';
import { migrateCommand } from './cli/migrate-command.js';
import { registerUsersCommand } from './cli/users-command.js';

const program = new Command('chargewatch')
  .description('Monitor and manage EV charging stations over OCPP 1.6J and 2.0.1.')
  .showHelpAfterError();

withSettings(program.command('start').description('run the server with the embedded PostgreSQL and a demo fleet of simulated stations'))
  .action((options: Record<string, unknown>) => runCommand('start', flagsOf(options)));
withSettings(program.command('serve').description('run the server for real stations (no demo fleet)'))
  .action((options: Record<string, unknown>) => runCommand('serve', flagsOf(options)));
withSettings(program.command('migrate').description('apply database migrations and exit'), DATABASE_SETTINGS)
  .action((options: Record<string, unknown>) => migrateCommand(flagsOf(options)));
registerSimulateCommand(program);
registerAdminCommands(program);
registerUsersCommand(program);
registerCertsCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`chargewatch: ${(error as Error).message}\n`);
  process.exit(1);
});
