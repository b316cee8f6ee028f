import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTINGS } from './config.js';

describe('configuration', () => {
  it('takes flags over environment over defaults, and mode-dependent defaults', () => {
    const c = loadConfig('serve', { CW_OCPP_PORT: '9100', CW_HTTP_PORT: '8100' }, { httpPort: '8200' });
    expect(c.ocppPort).toBe(9100);
    expect(c.httpPort).toBe(8200);
    expect(c.unknownStations).toBe('pending');
    expect(loadConfig('start', {}).unknownStations).toBe('accept');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('fails listing every bad key at once', () => {
    try {
      loadConfig('serve', { CW_OCPP_PORT: 'ninety', CW_UNKNOWN_STATIONS: 'maybe', DATABASE_URL: 'mysql://x' }, { batchIntervalMs: '500' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const key of ['ocppPort (CW_OCPP_PORT)', 'unknownStations (CW_UNKNOWN_STATIONS)', 'databaseUrl (DATABASE_URL)', 'batchIntervalMs (--batch-interval-ms)']) expect(problems).toContain(key);
      expect((error as ConfigError).problems).toHaveLength(4);
    }
  });

  it('every setting is documented in the README with its variable and flag', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const s of Object.values(SETTINGS)) {
      expect(readme).toContain(`\`${s.env}\``);
      expect(readme).toContain(`\`${s.flag.split(' ')[0]}\``);
    }
  });
});
