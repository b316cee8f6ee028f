import { readFile } from 'node:fs/promises';
import { ConfigError, type Config } from './config.js';
import type { StationLoginLimits } from './core/stations/login-limiter.js';
import type { ProxyHeaderOptions } from './gateway/proxy-headers.js';

/** How stations reach the gateway, resolved from the settings: listeners, TLS material, proxy trust, login limits. */
export interface StationTransport {
  /** Whether the plain ws:// port is open. */
  plain: boolean;
  /** The TLS port's certificate and key (PEM); undefined: no TLS port. */
  tls?: { cert: string; key: string };
  /** CAs whose client certificates stations may present (security profile 3). */
  clientCa?: string;
  proxy?: ProxyHeaderOptions;
  loginLimits: StationLoginLimits;
}

type TransportSettings = Pick<Config, 'ocppTlsCert' | 'ocppTlsKey' | 'ocppClientCa' | 'ocppPlain' | 'ocppProxyAddresses' | 'ocppProxyCertHeader' | 'ocppProxyTlsHeader'
  | 'stationLoginMaxFailures' | 'stationLoginAddressMaxFailures' | 'stationLoginWindow' | 'stationLoginLockout'>;

/** Reads the certificate files and checks that the settings fit together; a ConfigError lists every problem. */
export async function loadStationTransport(config: TransportSettings): Promise<StationTransport> {
  const problems: string[] = [];
  const read = async (setting: string, file: string | undefined): Promise<string | undefined> => {
    if (file === undefined) return undefined;
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      problems.push(`${setting}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      return undefined;
    }
  };
  const [cert, key, clientCa] = await Promise.all([
    read('ocppTlsCert (CW_OCPP_TLS_CERT)', config.ocppTlsCert), read('ocppTlsKey (CW_OCPP_TLS_KEY)', config.ocppTlsKey), read('ocppClientCa (CW_OCPP_CLIENT_CA)', config.ocppClientCa),
  ]);
  if ((config.ocppTlsCert === undefined) !== (config.ocppTlsKey === undefined)) problems.push('ocppTlsCert and ocppTlsKey (CW_OCPP_TLS_CERT, CW_OCPP_TLS_KEY) go together: set both or neither');
  const tls = config.ocppTlsCert !== undefined && config.ocppTlsKey !== undefined;
  if (!config.ocppPlain && !tls) problems.push('ocppPlain (CW_OCPP_PLAIN) is false but no TLS certificate and key are set: stations could not connect at all');
  if (config.ocppProxyCertHeader && !config.ocppClientCa) problems.push('ocppProxyCertHeader (CW_OCPP_PROXY_CERT_HEADER) needs ocppClientCa (CW_OCPP_CLIENT_CA) to check the certificates against');
  if (config.ocppProxyCertHeader && config.ocppProxyAddresses.length === 0) problems.push('ocppProxyCertHeader (CW_OCPP_PROXY_CERT_HEADER) needs ocppProxyAddresses (CW_OCPP_PROXY_ADDRESSES): the header is believed only from the proxy');
  if (problems.length > 0) throw new ConfigError(problems);
  const window = { windowMs: config.stationLoginWindow * 1000, lockMs: config.stationLoginLockout * 1000 };
  return {
    plain: config.ocppPlain,
    ...(cert !== undefined && key !== undefined ? { tls: { cert, key } } : {}),
    ...(clientCa !== undefined ? { clientCa } : {}),
    ...(config.ocppProxyAddresses.length > 0
      ? { proxy: { trusted: config.ocppProxyAddresses, tlsHeader: config.ocppProxyTlsHeader, ...(config.ocppProxyCertHeader ? { certHeader: config.ocppProxyCertHeader } : {}) } }
      : {}),
    loginLimits: {
      perAddress: { maxFailures: config.stationLoginAddressMaxFailures, ...window },
      perIdentity: { maxFailures: config.stationLoginMaxFailures, ...window },
    },
  };
}
