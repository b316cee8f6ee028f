import { hostname } from 'node:os';
import { z } from 'zod';

/** How the process runs: `start` adds the demo fleet; `serve` is production. */
export type RunMode = 'start' | 'serve';

const port = z.coerce.number().int().min(0).max(65535);
const seconds = z.coerce.number().positive();
const positiveInt = z.coerce.number().int().positive();

/**
 * Every setting, once: its environment variable, its command-line flag, its schema and its help.
 * `default` may depend on the run mode (the demo is more permissive than production).
 */
export const SETTINGS = {
  dataDir: { env: 'CW_DATA_DIR', flag: '--data-dir <dir>', schema: z.string().min(1), default: './data', help: 'where the embedded PostgreSQL keeps its files' },
  databaseUrl: { env: 'DATABASE_URL', flag: '--database-url <url>', schema: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(), default: undefined, help: 'use this PostgreSQL instead of the embedded one' },
  embeddedPgPort: { env: 'CW_EMBEDDED_PG_PORT', flag: '--embedded-pg-port <port>', schema: port, default: 5488, help: 'port of the embedded PostgreSQL (loopback only)' },
  host: { env: 'CW_HOST', flag: '--host <addr>', schema: z.string().min(1), default: '0.0.0.0', help: 'address to listen on for stations and HTTP' },
  ocppPort: { env: 'CW_OCPP_PORT', flag: '--ocpp-port <port>', schema: port, default: 9000, help: 'port for station WebSockets (ws://host:port/ocpp/{stationId})' },
  ocppTlsPort: { env: 'CW_OCPP_TLS_PORT', flag: '--ocpp-tls-port <port>', schema: port, default: 9443, help: 'port for station WebSockets over TLS (wss://host:port/ocpp/{stationId}); open only when a certificate and key are set' },
  ocppTlsCert: { env: 'CW_OCPP_TLS_CERT', flag: '--ocpp-tls-cert <file>', schema: z.string().min(1).optional(), default: undefined, help: 'PEM certificate (chain) of the TLS port; `chargewatch certs server` makes one' },
  ocppTlsKey: { env: 'CW_OCPP_TLS_KEY', flag: '--ocpp-tls-key <file>', schema: z.string().min(1).optional(), default: undefined, help: 'PEM private key of the TLS port' },
  ocppClientCa: { env: 'CW_OCPP_CLIENT_CA', flag: '--ocpp-client-ca <file>', schema: z.string().min(1).optional(), default: undefined, help: 'PEM bundle of the CAs that issue station client certificates (security profile 3); unset: no client certificates' },
  ocppPlain: { env: 'CW_OCPP_PLAIN', flag: '--ocpp-plain <bool>', schema: z.enum(['true', 'false']).transform((v) => v === 'true'), default: 'true', help: 'open the plain ws:// station port (false: TLS port only)' },
  ocppProxyAddresses: { env: 'CW_OCPP_PROXY_ADDRESSES', flag: '--ocpp-proxy-addresses <list>', schema: z.string().transform((v) => v.split(',').map((a) => a.trim()).filter((a) => a.length > 0)), default: '', help: 'comma-separated addresses or subnets of TLS-terminating proxies whose station headers are trusted' },
  ocppProxyCertHeader: { env: 'CW_OCPP_PROXY_CERT_HEADER', flag: '--ocpp-proxy-cert-header <name>', schema: z.string().min(1).max(100).optional(), default: undefined, help: 'header in which a trusted proxy passes the station\'s client certificate, URL-encoded PEM (nginx $ssl_client_escaped_cert)' },
  ocppProxyTlsHeader: { env: 'CW_OCPP_PROXY_TLS_HEADER', flag: '--ocpp-proxy-tls-header <name>', schema: z.string().min(1).max(100), default: 'x-forwarded-proto', help: 'header by which a trusted proxy says the station connected over TLS (https, wss, on, true or 1)' },
  stationLoginMaxFailures: { env: 'CW_STATION_LOGIN_MAX_FAILURES', flag: '--station-login-max-failures <n>', schema: positiveInt, default: 5, help: 'failed logins of one station identity within the window before it is locked out' },
  stationLoginAddressMaxFailures: { env: 'CW_STATION_LOGIN_ADDRESS_MAX_FAILURES', flag: '--station-login-address-max-failures <n>', schema: positiveInt, default: 20, help: 'failed station logins from one address within the window before the address is locked out' },
  stationLoginWindow: { env: 'CW_STATION_LOGIN_WINDOW', flag: '--station-login-window <s>', schema: positiveInt, default: 300, help: 'window in which failed station logins are counted, seconds' },
  stationLoginLockout: { env: 'CW_STATION_LOGIN_LOCKOUT', flag: '--station-login-lockout <s>', schema: positiveInt, default: 300, help: 'how long a locked-out address or identity is refused (429) without a check, seconds' },
  stationCertDays: { env: 'CW_STATION_CERT_DAYS', flag: '--station-cert-days <d>', schema: z.coerce.number().int().min(1).max(3650), default: 365, help: 'validity of the station certificates the private CA signs for SignCertificate, days' },
  ocppPublicUrl: { env: 'CW_OCPP_PUBLIC_URL', flag: '--ocpp-public-url <url>', schema: z.string().regex(/^ws:\/\//, 'must be a ws:// URL').optional(), default: undefined, help: 'the ws:// URL (without the station id) stations are told to use for security profile 1 when moved; default: this server\'s plain port' },
  ocppPublicTlsUrl: { env: 'CW_OCPP_PUBLIC_TLS_URL', flag: '--ocpp-public-tls-url <url>', schema: z.string().regex(/^wss:\/\//, 'must be a wss:// URL').optional(), default: undefined, help: 'the wss:// URL (without the station id) stations are told to use for security profiles 2 and 3 when moved; default: this server\'s TLS port' },
  profileMoveTimeout: { env: 'CW_PROFILE_MOVE_TIMEOUT', flag: '--profile-move-timeout <s>', schema: positiveInt, default: 180, help: 'how long a security profile move waits for the station to reconnect with the new profile, seconds' },
  httpPort: { env: 'CW_HTTP_PORT', flag: '--http-port <port>', schema: port, default: 8080, help: 'port for the HTTP API and web app' },
  unknownStations: { env: 'CW_UNKNOWN_STATIONS', flag: '--unknown-stations <policy>', schema: z.enum(['reject', 'pending', 'accept']), default: (m: RunMode) => (m === 'start' ? 'accept' : 'pending'), help: 'what to do with a station identity not in the database: reject | pending (operator approves) | accept' },
  unknownTokens: { env: 'CW_UNKNOWN_TOKENS', flag: '--unknown-tokens <policy>', schema: z.enum(['reject', 'accept']), default: (m: RunMode) => (m === 'start' ? 'accept' : 'reject'), help: 'answer for an id token not in the database: reject (Invalid) | accept' },
  stopTxOnInvalidId: { env: 'CW_STOP_TX_ON_INVALID_ID', flag: '--stop-tx-on-invalid-id <bool>', schema: z.enum(['true', 'false']).transform((v) => v === 'true'), default: 'true', help: 'stop the running sessions of a token that becomes blocked, expired or invalid where the station never reported its own StopTransactionOnInvalidId / StopTxOnInvalidId' },
  heartbeatInterval: { env: 'CW_HEARTBEAT_INTERVAL', flag: '--heartbeat-interval <s>', schema: positiveInt, default: 300, help: 'heartbeat interval handed to stations at boot, seconds' },
  pingInterval: { env: 'CW_PING_INTERVAL', flag: '--ping-interval <s>', schema: seconds, default: 30, help: 'WebSocket ping interval, seconds; a station that stops answering is offline within two intervals' },
  callTimeout: { env: 'CW_CALL_TIMEOUT', flag: '--call-timeout <s>', schema: seconds, default: 30, help: 'how long to wait for a station to answer a command, seconds' },
  maxFrameBytes: { env: 'CW_MAX_FRAME_BYTES', flag: '--max-frame-bytes <n>', schema: positiveInt, default: 65536, help: 'largest accepted frame; a larger one closes the socket with 1009' },
  inboundQueueLimit: { env: 'CW_INBOUND_QUEUE_LIMIT', flag: '--inbound-queue-limit <n>', schema: positiveInt, default: 200, help: 'frames queued per station before the socket is closed' },
  batchIntervalMs: { env: 'CW_BATCH_INTERVAL_MS', flag: '--batch-interval-ms <ms>', schema: z.coerce.number().int().min(1).max(50), default: 20, help: 'meter samples are committed in batches at most this far apart (1-50 ms)' },
  batchParallel: { env: 'CW_BATCH_PARALLEL', flag: '--batch-parallel <n>', schema: z.coerce.number().int().min(1).max(4), default: 1, help: 'batches of samples, message log and progress written at once on separate connections (1-4); more helps only where PostgreSQL has cores of its own' },
  sampleRetentionDays: { env: 'CW_SAMPLE_RETENTION_DAYS', flag: '--sample-retention-days <d>', schema: positiveInt, default: 400, help: 'days of meter samples kept' },
  messageLogRetentionDays: { env: 'CW_MESSAGE_LOG_RETENTION_DAYS', flag: '--message-log-retention-days <d>', schema: positiveInt, default: 14, help: 'days of the raw OCPP message log kept' },
  eventRetentionDays: { env: 'CW_EVENT_RETENTION_DAYS', flag: '--event-retention-days <d>', schema: positiveInt, default: 30, help: 'days of the event outbox kept' },
  messageLog: { env: 'CW_MESSAGE_LOG', flag: '--message-log <mode>', schema: z.enum(['all', 'none']), default: 'all', help: 'record every OCPP frame in both directions (all) or none' },
  logLevel: { env: 'CW_LOG_LEVEL', flag: '--log-level <level>', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info', help: 'log level' },
  logFormat: { env: 'CW_LOG_FORMAT', flag: '--log-format <fmt>', schema: z.enum(['pretty', 'json']), default: 'json', help: 'log output: json lines or pretty text' },
  demoStations: { env: 'CW_DEMO_STATIONS', flag: '--demo-stations <n>', schema: z.coerce.number().int().min(0).max(10000), default: 12, help: 'simulated stations started by `start` (0 for none)' },
  trustProxy: { env: 'CW_TRUST_PROXY', flag: '--trust-proxy <bool>', schema: z.enum(['true', 'false']).transform((v) => v === 'true'), default: 'false', help: 'trust X-Forwarded-* headers from a TLS-terminating proxy (secure cookies, client addresses)' },
  operatorName: { env: 'CW_OPERATOR_NAME', flag: '--operator-name <name>', schema: z.string().min(1).max(100), default: 'Chargewatch', help: 'the charging network operator named on session receipts' },
  smtpHost: { env: 'CW_SMTP_HOST', flag: '--smtp-host <host>', schema: z.string().min(1).optional(), default: undefined, help: 'SMTP server for e-mail notifications; unset: e-mail is off' },
  smtpPort: { env: 'CW_SMTP_PORT', flag: '--smtp-port <port>', schema: port, default: 587, help: 'SMTP server port' },
  smtpSecure: { env: 'CW_SMTP_SECURE', flag: '--smtp-secure <bool>', schema: z.enum(['true', 'false']).transform((v) => v === 'true'), default: 'false', help: 'TLS from the first byte (port 465); false: STARTTLS when the server offers it' },
  smtpUser: { env: 'CW_SMTP_USER', flag: '--smtp-user <name>', schema: z.string().min(1).optional(), default: undefined, help: 'SMTP user name; unset: no authentication' },
  smtpPassword: { env: 'CW_SMTP_PASSWORD', flag: '--smtp-password <secret>', schema: z.string().optional(), default: undefined, help: 'SMTP password' },
  smtpFrom: { env: 'CW_SMTP_FROM', flag: '--smtp-from <address>', schema: z.string().min(3).max(320), default: 'Chargewatch <chargewatch@localhost>', help: 'sender address of notification e-mails' },
  webhookMaxAttempts: { env: 'CW_WEBHOOK_MAX_ATTEMPTS', flag: '--webhook-max-attempts <n>', schema: z.coerce.number().int().min(1).max(20), default: 8, help: 'attempts per webhook message before it is given up (back-off doubles from 30 s, at most 1 h)' },
  webhookTimeout: { env: 'CW_WEBHOOK_TIMEOUT', flag: '--webhook-timeout <s>', schema: seconds, default: 10, help: 'how long a webhook attempt waits for the answer, seconds' },
  localListBatchMs: { env: 'CW_LOCAL_LIST_BATCH_MS', flag: '--local-list-batch-ms <ms>', schema: z.coerce.number().int().min(0).max(600_000), default: 5_000, help: 'token changes are gathered this long before local list differentials go out to the stations, ms' },
  localListSettleMs: { env: 'CW_LOCAL_LIST_SETTLE_MS', flag: '--local-list-settle-ms <ms>', schema: z.coerce.number().int().min(0).max(600_000), default: 2_000, help: 'wait after a station connects or boots before its local list version is checked, ms' },
  remediationMaxResets: { env: 'CW_REMEDIATION_MAX_RESETS', flag: '--remediation-max-resets <n>', schema: z.coerce.number().int().min(0).max(100), default: 3, help: 'resets (automatic or by hand) a station may get from remediation in 24 hours' },
  uptimeFailedStartMin: { env: 'CW_UPTIME_FAILED_START_MIN', flag: '--uptime-failed-start-min <min>', schema: z.coerce.number().int().min(0).max(1440), default: 0, help: 'uptime: minutes a failed start (as the failed-starts alert rule defines it) counts its port as down, cut short by the next start attempt; 0: not counted' },
  uptimeUnderPowerW: { env: 'CW_UPTIME_UNDER_POWER_W', flag: '--uptime-under-power-w <W>', schema: z.coerce.number().min(0).max(1_000_000), default: 0, help: 'uptime: a session whose mean power over its Charging minutes is below this counts those minutes as down, W; 0: not counted' },
  nodeId: { env: 'CW_NODE_ID', flag: '--node-id <id>', schema: z.string().min(1).max(64), default: `${hostname()}-${process.pid}`, help: 'name of this server process in a cluster' },
} as const;

export type SettingKey = keyof typeof SETTINGS;
type Setting<K extends SettingKey> = (typeof SETTINGS)[K];
/** The parsed, frozen configuration. */
export type Config = { readonly [K in SettingKey]: z.output<Setting<K>['schema']> } & { readonly mode: RunMode };

/** Thrown at start when settings are wrong; lists every bad key at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Builds the configuration from flags (highest priority), then the environment, then defaults.
 * `flags` uses the camelCase setting names, as the CLI parser produces them.
 */
export function loadConfig(mode: RunMode, env: NodeJS.ProcessEnv = process.env, flags: Partial<Record<SettingKey, unknown>> = {}): Config {
  const out: Record<string, unknown> = { mode };
  const problems: string[] = [];
  for (const [key, setting] of Object.entries(SETTINGS) as [SettingKey, Setting<SettingKey>][]) {
    const fromFlag = flags[key];
    const fromEnv = env[setting.env];
    const source = fromFlag !== undefined ? `${setting.flag.split(' ')[0]}` : fromEnv !== undefined && fromEnv !== '' ? setting.env : undefined;
    const raw = fromFlag !== undefined ? fromFlag : fromEnv !== undefined && fromEnv !== '' ? fromEnv : typeof setting.default === 'function' ? setting.default(mode) : setting.default;
    const parsed = (setting.schema as z.ZodType).safeParse(raw);
    if (parsed.success) out[key] = parsed.data;
    else problems.push(`${key} (${source ?? 'default'}): ${parsed.error.issues.map((i) => i.message).join('; ')} — got ${JSON.stringify(raw)}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out) as Config;
}
