import { Command, Option } from 'commander';
import { SETTINGS, type SettingKey } from '../config.js';

/** Adds one flag per setting to a command, with its environment variable in the help text. */
export function withSettings(command: Command, keys: readonly SettingKey[] = Object.keys(SETTINGS) as SettingKey[]): Command {
  for (const key of keys) {
    const s = SETTINGS[key];
    const shownDefault = typeof s.default === 'function' ? 'start: ' + s.default('start') + ', serve: ' + s.default('serve') : s.default;
    const option = new Option(s.flag, `${s.help} [env ${s.env}]${shownDefault !== undefined ? ` (default ${shownDefault})` : ''}`);
    command.addOption(option);
  }
  return command;
}

/** The setting values given as flags, keyed by setting name. */
export function flagsOf(options: Record<string, unknown>): Partial<Record<SettingKey, unknown>> {
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const key of Object.keys(SETTINGS) as SettingKey[]) if (options[key] !== undefined) out[key] = options[key];
  return out;
}

/** The settings needed to reach the database, for commands that only use the store. */
export const DATABASE_SETTINGS: readonly SettingKey[] = ['dataDir', 'databaseUrl', 'embeddedPgPort', 'logLevel', 'logFormat', 'unknownStations', 'unknownTokens'];
