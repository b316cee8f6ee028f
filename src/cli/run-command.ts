import { loadConfig, type Config, type RunMode } from '../config.js';
import { ensureInitialAdmin } from '../core/accounts/index.js';
import { startServer, type RunningServer } from '../server.js';
import { runFleet, type Fleet } from '../sim/index.js';
import type { SettingKey } from '../config.js';

function banner(server: RunningServer, config: Config, fleet: Fleet | undefined, admin: { username: string; password: string } | undefined): string {
  const lines = [
    '',
    'Chargewatch is running',
    `  Stations connect to  ${server.ocppUrl}/{stationId}   (subprotocols ocpp1.6, ocpp2.0.1)`,
    ...(server.ocppTlsUrl && server.ocppPort !== 0 ? [`  Over TLS             ${server.ocppTlsUrl}/{stationId}   (security profiles 2 and 3)`] : []),
    `  Dashboard            ${server.httpUrl}/`,
    admin
      ? `  Login                ${admin.username} / ${admin.password}   (shown once; change it after logging in)`
      : '  Login                with your account   (chargewatch users passwd admin to reset)',
    `  HTTP API             ${server.httpUrl}   (health ${server.httpUrl}/healthz)`,
    `  Database             ${server.database.embedded ? `embedded PostgreSQL in ${config.dataDir} (127.0.0.1:${config.embeddedPgPort})` : server.database.displayUrl}`,
    `  Unknown stations     ${config.unknownStations}    unknown id tokens: ${config.unknownTokens}`,
  ];
  if (fleet) lines.push(`  Demo fleet           ${fleet.stations.length} simulated stations (${fleet.stations[0]?.id ?? ''} … ${fleet.stations.at(-1)?.id ?? ''}), charging on their own`);
  lines.push('Press Ctrl-C to stop.', '');
  return lines.join('\n');
}

/** `chargewatch start` (with the demo fleet) and `chargewatch serve`: run until SIGINT/SIGTERM. */
export async function runCommand(mode: RunMode, flags: Partial<Record<SettingKey, unknown>>): Promise<void> {
  const config = loadConfig(mode, process.env, flags);
  const server = await startServer(config);
  const admin = await ensureInitialAdmin(server.services.accounts);
  let fleet: Fleet | undefined;
  if (mode === 'start' && config.demoStations > 0) {
    fleet = await runFleet({ url: `ws://127.0.0.1:${server.ocppPort}/ocpp`, stations: config.demoStations, ocpp: 'mix', idPrefix: 'SIM-', meterIntervalS: 10, autoCharge: true, faultRate: 0.05 });
    await fleet.whenBooted(15_000).catch(() => undefined);
    // Cars already charging on every other station, so the demo has live sessions from the first minute.
    fleet.stations.forEach((station, i) => {
      if (i % 4 < 2) station.plugIn(1, { idToken: `DEMO-${String(i + 1).padStart(4, '0')}` });
    });
  }
  process.stdout.write(banner(server, config, fleet, admin));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'stopping');
    await fleet?.stop();
    await server.stop();
    process.stdout.write('Chargewatch stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
