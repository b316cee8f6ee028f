import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcppError } from '../../ocpp/index.js';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { StartTransaction } from './StartTransaction.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'reject' });
  await kit.tokens.add({ token: 'GOOD-1' });
  await kit.tokens.add({ token: 'BLOCKED-1', status: 'blocked' });
  for (const id of ['ST-A', 'ST-B', 'ST-C', 'ST-D']) await kit.connect(id, '1.6');
});
afterAll(async () => {
  await kit.close();
});

const session = (id: number) => kit.database.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const start = (stationId: string, extra: Partial<{ connectorId: number; idTag: string; meterStart: number; timestamp: string }> = {}) =>
  StartTransaction(kit.context(stationId), { connectorId: 1, idTag: 'GOOD-1', meterStart: 1_000, timestamp: '2026-01-01T00:00:00Z', ...extra });

describe('1.6 StartTransaction', () => {
  it('creates the session with its started event, on EVSE N connector 1, and hands back its id', async () => {
    const res = await start('ST-A', { connectorId: 2 });
    expect(res.idTagInfo.status).toBe('Accepted');
    const row = await session(res.transactionId);
    expect(row).toMatchObject({ station_id: 'ST-A', evse_id: 2, connector_id: 1, transaction_ref: String(res.transactionId), protocol: '1.6', state: 'active', meter_start_wh: 1_000, id_token: 'GOOD-1', auth_status: 'Accepted', anomaly: null });
    const stored = await kit.database.db.selectFrom('events').selectAll().where('session_id', '=', res.transactionId).execute();
    expect(stored.map((e) => e.type)).toEqual(['session.started']);
    expect(kit.events.filter((e) => e.type === 'session.started' && e.sessionId === res.transactionId)).toHaveLength(1);
  });

  it('answers a repeated request with the same transactionId and changes nothing', async () => {
    const first = await start('ST-B', { timestamp: '2026-01-01T00:01:00Z' });
    // The token is asked about again (a `token.authorization` decision); no state event follows.
    const stateEvents = () => kit.events.filter((e) => e.type !== 'token.authorization').length;
    const before = stateEvents();
    const again = await start('ST-B', { timestamp: '2026-01-01T00:01:00.000Z' });
    expect(again).toEqual(first);
    expect(stateEvents()).toBe(before);
    const { count } = await kit.database.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('count')).where('station_id', '=', 'ST-B').executeTakeFirstOrThrow();
    expect(Number(count)).toBe(1);
  });

  it('still gives a blocked or unknown token a transaction, flagged, with the verdict in idTagInfo', async () => {
    const blocked = await start('ST-C', { idTag: 'BLOCKED-1' });
    expect(blocked.idTagInfo.status).toBe('Blocked');
    expect(blocked.transactionId).toBeGreaterThan(0);
    expect(await session(blocked.transactionId)).toMatchObject({ auth_status: 'Blocked', anomaly: 'unauthorized', state: 'active' });
    const unknown = await start('ST-C', { idTag: 'NOBODY', connectorId: 2 });
    expect(unknown.idTagInfo.status).toBe('Invalid');
  });

  it('closes a zombie session still active on the connector', async () => {
    const old = await start('ST-D', { timestamp: '2026-01-01T00:00:00Z' });
    const fresh = await start('ST-D', { timestamp: '2026-01-01T02:00:00Z', meterStart: 5_000 });
    expect(fresh.transactionId).not.toBe(old.transactionId);
    expect(await session(old.transactionId)).toMatchObject({ state: 'completed', stop_reason: 'superseded' });
    expect((await session(old.transactionId)).stopped_at?.toISOString()).toBe('2026-01-01T02:00:00.000Z');
    expect(await session(fresh.transactionId)).toMatchObject({ state: 'active' });
    expect(kit.events.some((e) => e.type === 'session.stopped' && e.sessionId === old.transactionId)).toBe(true);
    expect((await kit.sessions.activeFor('ST-D')).map((s) => s.id)).toEqual([fresh.transactionId]);
  });

  it('refuses connector 0 as a protocol error', async () => {
    await expect(start('ST-A', { connectorId: 0 })).rejects.toBeInstanceOf(OcppError);
  });
});
