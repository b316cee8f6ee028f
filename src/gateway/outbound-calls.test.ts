import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../test-kit/logger.js';
import { eventually, startTestGateway, TestStation, type TestGateway } from '../test-kit/gateway-harness.js';
import type { CallFailure, StationConnection } from './types.js';

let tg: TestGateway;
afterEach(async () => {
  await tg?.close();
});

/** Settles a call into a value so a rejection is never left unobserved while the test waits. */
function settle(p: Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: CallFailure }> {
  return p.then((value) => ({ ok: true as const, value }), (error: CallFailure) => ({ ok: false as const, error }));
}

async function connected(path: string, protocols: string[] = ['ocpp1.6']): Promise<{ station: TestStation; conn: StationConnection }> {
  const station = await TestStation.connect(tg.url(path), protocols);
  await eventually(() => tg.gateway.connection(path.split('/').pop()!) !== undefined);
  return { station, conn: tg.gateway.connection(path.split('/').pop()!)! };
}

describe('outbound calls', () => {
  it('resolves with the validated CALLRESULT, using ids from the id generator', async () => {
    tg = await startTestGateway({}, silentLogger);
    const { station, conn } = await connected('/ocpp/CP-1');
    const result = conn.call('Reset', { type: 'Soft' });
    expect(await station.next()).toEqual([2, 'out-1', 'Reset', { type: 'Soft' }]);
    station.send([3, 'out-1', { status: 'Accepted' }]);
    expect(await result).toEqual({ status: 'Accepted' });
  });

  it('rejects with callerror carrying the code and details of a CALLERROR', async () => {
    tg = await startTestGateway({}, silentLogger);
    const { station, conn } = await connected('/ocpp/CP-1', ['ocpp2.0.1']);
    const result = settle(conn.call('Reset', { type: 'Immediate' }));
    const [, id] = (await station.next()) as [number, string];
    station.send([4, id, 'NotSupported', 'no reset here', { hint: 'power cycle' }]);
    expect(await result).toMatchObject({ ok: false, error: { reason: 'callerror', errorCode: 'NotSupported', details: { hint: 'power cycle' } } });
  });

  it('rejects an answer that breaks the response schema with invalid-response', async () => {
    tg = await startTestGateway({}, silentLogger);
    const { station, conn } = await connected('/ocpp/CP-1');
    const result = settle(conn.call('Reset', { type: 'Soft' }));
    const [, id] = (await station.next()) as [number, string];
    station.send([3, id, { status: 'Perhaps' }]);
    expect(await result).toMatchObject({ ok: false, error: { name: 'CallFailure', reason: 'invalid-response' } });
  });

  it('refuses an invalid request before sending anything', async () => {
    tg = await startTestGateway({}, silentLogger);
    const { station, conn } = await connected('/ocpp/CP-1');
    expect(await settle(conn.call('Reset', { type: 'Sideways' }))).toMatchObject({ ok: false, error: { reason: 'invalid-request' } });
    expect(await settle(conn.call('Teleport', {}))).toMatchObject({ ok: false, error: { reason: 'invalid-request' } });
    await expect(station.next(100)).rejects.toThrow();
  });

  it('keeps one CALL outstanding at a time and sends the next only after the answer', async () => {
    tg = await startTestGateway({}, silentLogger);
    const { station, conn } = await connected('/ocpp/CP-1');
    const first = conn.call('Reset', { type: 'Soft' });
    const second = conn.call('ClearCache', {});
    const [, id1, action1] = (await station.next()) as [number, string, string];
    expect(action1).toBe('Reset');
    await expect(station.next(100)).rejects.toThrow();
    station.send([3, id1, { status: 'Accepted' }]);
    const [, id2, action2] = (await station.next()) as [number, string, string];
    expect(action2).toBe('ClearCache');
    station.send([3, id2, { status: 'Rejected' }]);
    expect(await first).toEqual({ status: 'Accepted' });
    expect(await second).toEqual({ status: 'Rejected' });
  });

  it('times out, moves on to the next call, and ignores the late answer', async () => {
    tg = await startTestGateway({ callTimeoutMs: 5000 }, silentLogger);
    const { station, conn } = await connected('/ocpp/CP-1');
    const first = settle(conn.call('Reset', { type: 'Soft' }, { timeoutMs: 60 }));
    const second = conn.call('ClearCache', {});
    const [, lateId] = (await station.next()) as [number, string];
    expect(await first).toMatchObject({ ok: false, error: { reason: 'timeout' } });
    const [, id2, action2] = (await station.next()) as [number, string, string];
    expect(action2).toBe('ClearCache');
    station.send([3, lateId, { status: 'Accepted' }]);
    station.send([3, id2, { status: 'Accepted' }]);
    expect(await second).toEqual({ status: 'Accepted' });
    expect(conn.isOpen).toBe(true);
  });

  it('bounds the queue with queue-full and fails everything with closed when the socket goes', async () => {
    tg = await startTestGateway({ outboundQueueLimit: 2 }, silentLogger);
    const { station, conn } = await connected('/ocpp/CP-1');
    const calls = [0, 1, 2].map(() => settle(conn.call('ClearCache', {})));
    expect(await settle(conn.call('ClearCache', {}))).toMatchObject({ ok: false, error: { reason: 'queue-full' } });
    await station.next();
    await station.close();
    for (const c of await Promise.all(calls)) expect(c).toMatchObject({ ok: false, error: { reason: 'closed' } });
    expect(conn.isOpen).toBe(false);
    expect(await settle(conn.call('ClearCache', {}))).toMatchObject({ ok: false, error: { reason: 'closed' } });
  });
});
