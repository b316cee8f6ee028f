import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStationCommands } from '../../handlers/commands.js';
import { NotifyReport } from '../../handlers/v201/NotifyReport.js';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { silentLogger } from '../../test-kit/logger.js';
import { FakeStationLink } from '../../test-kit/station-link.js';
import { CommandService } from '../commands/index.js';
import { AccessEnforcer } from './access-enforcer.js';
import { tokenSource } from './token-source.js';

/**
 * Which running sessions of a refused token are stopped: per the station's reported 2.0.1
 * TxCtrlr.StopTxOnInvalidId or 1.6 StopTransactionOnInvalidId, else per the network setting (false here).
 */

let kit: CoreKit;
let link: FakeStationLink;
let enforcer: AccessEnforcer;
const STATIONS = { 'EN-YES': '2.0.1', 'EN-NO': '2.0.1', 'EN-16': '1.6', 'EN-16YES': '1.6' } as const;

async function reportStopTx(stationId: string, value: 'true' | 'false'): Promise<void> {
  await kit.handle('2.0.1', 'NotifyReport', NotifyReport, stationId, {
    requestId: 1, generatedAt: '2026-01-01T00:00:00Z', seqNo: 0,
    reportData: [{ component: { name: 'TxCtrlr' }, variable: { name: 'StopTxOnInvalidId' }, variableAttribute: [{ type: 'Actual', value, mutability: 'ReadWrite' }] }],
  });
}

async function charge(stationId: string, evseId: number, token: string): Promise<number> {
  if (STATIONS[stationId as keyof typeof STATIONS] === '1.6') {
    return (await kit.sessions.start({ stationId, evseId, connectorId: 1, idToken: { value: token }, meterStartWh: 0, timestamp: '2026-01-01T00:00:00Z' })).sessionId;
  }
  return (await kit.sessions.transactionEvent({
    stationId, eventType: 'Started', transactionRef: `tx-${token}-${stationId}`, seqNo: 0, timestamp: '2026-01-01T00:00:00Z', evseId, connectorId: 1,
    idToken: { value: token, type: 'ISO14443' }, samples: [], payload: {},
  })).sessionId;
}

beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'reject' });
  for (const [id, version] of Object.entries(STATIONS)) await kit.connect(id, version);
  await reportStopTx('EN-YES', 'true');
  await reportStopTx('EN-NO', 'false');
  await kit.stations.rememberConfiguration('EN-16YES', [{ key: 'StopTransactionOnInvalidId', value: 'true', readonly: false }]);
  link = new FakeStationLink({ ...STATIONS }).answer('RequestStopTransaction', { status: 'Accepted' }).answer('RemoteStopTransaction', { status: 'Accepted' });
  const base = { db: kit.database.db, clock: kit.clock, logger: silentLogger };
  const commands = new CommandService({ ...base, commands: createStationCommands(link), sessions: kit.sessions, configuration: kit.stations, protocolOf: (id) => STATIONS[id as keyof typeof STATIONS] });
  enforcer = new AccessEnforcer({ ...base, bus: kit.bus, tokens: tokenSource(kit.tokens), commands, settings: { unknownTokens: 'reject', stopTxOnInvalidId: false } });
  enforcer.start();
});
afterAll(async () => {
  enforcer.stop();
  await kit.close();
});

const stopped = () => link.calls.filter((c) => c.action === 'RequestStopTransaction' || c.action === 'RemoteStopTransaction').map((c) => `${c.stationId} ${JSON.stringify(c.payload)}`);

describe('AccessEnforcer', () => {
  it('stops a blocked token\'s sessions where the station stops on invalid ids, and nowhere else', async () => {
    await kit.tokens.add({ token: 'CARD-B' });
    const yes = await charge('EN-YES', 1, 'CARD-B');
    await charge('EN-NO', 1, 'CARD-B');
    await charge('EN-16', 1, 'CARD-B');
    const yes16 = await charge('EN-16YES', 1, 'CARD-B');
    await kit.tokens.setStatus('card-b', 'blocked');
    await enforcer.idle();
    expect(stopped()).toEqual([`EN-YES {"transactionId":"tx-CARD-B-EN-YES"}`, `EN-16YES {"transactionId":${yes16}}`]);
    const log = await kit.database.db.selectFrom('command_log').select(['station_id', 'command', 'request', 'status', 'sent_by']).orderBy('id').execute();
    expect(log).toEqual([
      { station_id: 'EN-YES', command: 'remote-stop', request: { command: 'remote-stop', sessionId: yes }, status: 'Accepted', sent_by: 'access control: token CARD-B is blocked' },
      { station_id: 'EN-16YES', command: 'remote-stop', request: { command: 'remote-stop', sessionId: yes16 }, status: 'Accepted', sent_by: 'access control: token CARD-B is blocked' },
    ]);
  });

  it('acts on expiry set in the past and on removal (unknown tokens refused), not on harmless changes', async () => {
    await kit.tokens.add({ token: 'CARD-E' });
    await kit.tokens.add({ token: 'CARD-R' });
    await charge('EN-YES', 2, 'CARD-E');
    await charge('EN-16YES', 2, 'CARD-R');
    link.calls.length = 0;
    await kit.tokens.update('CARD-E', { label: 'renamed' });
    await enforcer.idle();
    expect(stopped()).toEqual([]);
    await kit.tokens.update('CARD-E', { expiresAt: '2025-12-31T00:00:00Z' });
    await kit.tokens.remove('CARD-R');
    await enforcer.idle();
    expect(stopped().map((s) => s.split(' ')[0])).toEqual(['EN-YES', 'EN-16YES']);
  });
});
