import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type SettingKey } from './config.js';
import { loadStationTransport } from './station-transport.js';

let dir: string;
const file = (name: string) => join(dir, name);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cw-transport-'));
  await Promise.all([writeFile(file('cert.pem'), 'CERT'), writeFile(file('key.pem'), 'KEY'), writeFile(file('ca.pem'), 'CA')]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const transport = (flags: Partial<Record<SettingKey, unknown>>) => loadStationTransport(loadConfig('serve', {}, flags));
const problems = async (flags: Partial<Record<SettingKey, unknown>>) => {
  const error = await transport(flags).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
};

describe('loadStationTransport', () => {
  it('is the plain port alone by default, with the default login limits', async () => {
    expect(await transport({})).toEqual({
      plain: true,
      loginLimits: { perAddress: { maxFailures: 20, windowMs: 300_000, lockMs: 300_000 }, perIdentity: { maxFailures: 5, windowMs: 300_000, lockMs: 300_000 } },
    });
  });

  it('reads the TLS files and the proxy settings', async () => {
    const t = await transport({
      ocppTlsCert: file('cert.pem'), ocppTlsKey: file('key.pem'), ocppClientCa: file('ca.pem'), ocppPlain: 'false',
      ocppProxyAddresses: '10.0.0.5, 10.1.0.0/16', ocppProxyCertHeader: 'x-ssl-client-cert',
    });
    expect(t).toMatchObject({
      plain: false, tls: { cert: 'CERT', key: 'KEY' }, clientCa: 'CA',
      proxy: { trusted: ['10.0.0.5', '10.1.0.0/16'], certHeader: 'x-ssl-client-cert', tlsHeader: 'x-forwarded-proto' },
    });
  });

  it('lists every setting that does not fit, at once', async () => {
    expect(await problems({ ocppTlsCert: file('cert.pem'), ocppPlain: 'false', ocppProxyCertHeader: 'x-cert', ocppClientCa: file('missing.pem') })).toEqual([
      expect.stringContaining('cannot read'),
      expect.stringContaining('go together'),
      expect.stringContaining('no TLS certificate and key'),
      expect.stringContaining('needs ocppProxyAddresses'),
    ]);
    expect(await problems({ ocppProxyAddresses: '10.0.0.5', ocppProxyCertHeader: 'x-cert' })).toEqual([expect.stringContaining('needs ocppClientCa')]);
  });
});
