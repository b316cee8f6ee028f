import { afterEach, describe, expect, it } from 'vitest';
import { OcppError } from '../ocpp/index.js';
import { silentLogger } from '../test-kit/logger.js';
import { eventually, startTestGateway, TestStation, type TestGateway } from '../test-kit/gateway-harness.js';

let tg: TestGateway;
afterEach(async () => {
  await tg?.close();
});

const NOW = '2026-01-01T00:00:00.000Z';
const boot16 = { chargePointVendor: 'ACME', chargePointModel: 'X1' };

/** Type, id and error code of an answer. */
const head = (frame: unknown): unknown[] => (frame as unknown[]).slice(0, 3);

/** A promise the test settles by hand. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('inbound FIFO', () => {
  it('handles one station strictly in arrival order, never overtaking a slow message', async () => {
    tg = await startTestGateway({}, silentLogger);
    const gate = deferred();
    const started: string[] = [];
    tg.hooks.respond = async (c, action, _p, ctx) => {
      started.push(ctx.messageId);
      if (ctx.messageId === 'slow') await gate.promise;
      return { currentTime: NOW };
    };
    const station = await TestStation.connect(tg.url('/ocpp/CP-1'));
    station.send([2, 'slow', 'Heartbeat', {}]);
    station.send([2, 'fast', 'Heartbeat', {}]);
    station.send([2, 'bad', 'Heartbeat', 'not an object']);
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toEqual(['slow']);
    gate.resolve();
    expect(await station.next()).toEqual([3, 'slow', { currentTime: NOW }]);
    expect(await station.next()).toEqual([3, 'fast', { currentTime: NOW }]);
    expect(head(await station.next())).toEqual([4, 'bad', 'FormationViolation']);
    expect(started).toEqual(['slow', 'fast']);
  });

  it('runs different stations concurrently', async () => {
    tg = await startTestGateway({}, silentLogger);
    const gate = deferred();
    tg.hooks.respond = async (c) => {
      if (c.stationId === 'blocked') await gate.promise;
      return { currentTime: NOW };
    };
    const blocked = await TestStation.connect(tg.url('/ocpp/blocked'));
    const free = await TestStation.connect(tg.url('/ocpp/free'), ['ocpp2.0.1']);
    blocked.send([2, 'b1', 'Heartbeat', {}]);
    await eventually(() => tg.hooks.handled.length === 1);
    for (let i = 0; i < 5; i++) expect(await free.call(`f${i}`, 'Heartbeat', {})).toEqual([3, `f${i}`, { currentTime: NOW }]);
    gate.resolve();
    expect(await blocked.next()).toEqual([3, 'b1', { currentTime: NOW }]);
  });

  it('closes with 1008 when the queue overflows, having handled only what it accepted', async () => {
    tg = await startTestGateway({ inboundQueueLimit: 3 }, silentLogger);
    const gate = deferred();
    tg.hooks.respond = async () => {
      await gate.promise;
      return { currentTime: NOW };
    };
    const station = await TestStation.connect(tg.url('/ocpp/CP-1'));
    for (let i = 0; i < 6; i++) station.send([2, `m${i}`, 'Heartbeat', {}]);
    expect(await station.closed).toEqual({ code: 1008, reason: 'inbound queue overflow' });
    gate.resolve();
    await eventually(() => tg.hooks.disconnects.length === 1);
    expect(tg.hooks.handled.map((h) => h.messageId)).toEqual(['m0']);
  });
});

describe('answers to station CALLs', () => {
  it('answers unknown actions NotImplemented and known unhandled ones NotSupported', async () => {
    tg = await startTestGateway({}, silentLogger);
    const station = await TestStation.connect(tg.url('/ocpp/CP-1'));
    expect(head(await station.call('a', 'MakeCoffee', {}))).toEqual([4, 'a', 'NotImplemented']);
    expect(head(await station.call('b', 'Reset', { type: 'Soft' }))).toEqual([4, 'b', 'NotSupported']);
    expect(head(await station.call('c', 'MeterValues', { connectorId: 1, meterValue: [] }))).toEqual([4, 'c', 'NotSupported']);
    expect(tg.hooks.handled).toHaveLength(0);
  });

  it('validates requests and spells error codes the station version\'s way', async () => {
    tg = await startTestGateway({}, silentLogger);
    const v16 = await TestStation.connect(tg.url('/ocpp/CP-16'));
    const v201 = await TestStation.connect(tg.url('/ocpp/CP-201'), ['ocpp2.0.1']);
    expect(head(await v16.call('1', 'BootNotification', { chargePointVendor: 'ACME' }))).toEqual([4, '1', 'OccurenceConstraintViolation']);
    expect(head(await v201.call('1', 'BootNotification', { reason: 'PowerUp' }))).toEqual([4, '1', 'OccurrenceConstraintViolation']);
    expect(head(await v16.call('2', 'BootNotification', { ...boot16, extra: 1 }))).toEqual([4, '2', 'FormationViolation']);
    expect(head(await v16.call('3', 'BootNotification', { ...boot16, chargePointModel: 7 }))).toEqual([4, '3', 'TypeConstraintViolation']);
    expect(head(await v16.call('4', 'BootNotification', { ...boot16, chargePointModel: 'x'.repeat(51) }))).toEqual([4, '4', 'PropertyConstraintViolation']);
    expect(head(await v201.call('2', 'Heartbeat', { extra: true }))).toEqual([4, '2', 'FormatViolation']);
    expect(tg.hooks.handled).toHaveLength(0);
    expect(await v16.call('5', 'BootNotification', boot16)).toEqual([3, '5', { currentTime: NOW, interval: 300, status: 'Accepted' }]);
    expect(tg.hooks.handled).toMatchObject([{ stationId: 'CP-16', action: 'BootNotification', payload: boot16, messageId: '5' }]);
  });

  it('turns handler failures into CALLERRORs: OcppError keeps its kind, anything else is InternalError', async () => {
    tg = await startTestGateway({}, silentLogger);
    tg.hooks.respond = (c, action, payload) => {
      if ((payload as { vendorId?: string }).vendorId === 'ocpp') throw new OcppError('PropertyConstraintViolation', 'no such id', { field: 'idTag' });
      if ((payload as { vendorId?: string }).vendorId === 'bug') throw new TypeError('undefined is not a function');
      return { status: 'Accepted' };
    };
    const outcomes: Array<[string, number, boolean]> = [];
    tg.hooks.onHandled = (action, seconds, ok) => {
      outcomes.push([action, seconds, ok]);
      if (action === 'DataTransfer' && ok) throw new Error('a broken metrics hook');
    };
    const station = await TestStation.connect(tg.url('/ocpp/CP-1'));
    expect(await station.call('a', 'DataTransfer', { vendorId: 'ocpp' })).toEqual([4, 'a', 'PropertyConstraintViolation', 'no such id', { field: 'idTag' }]);
    expect(await station.call('b', 'DataTransfer', { vendorId: 'bug' })).toEqual([4, 'b', 'InternalError', 'internal error', {}]);
    // A hook that throws after a handled request changes nothing for the station.
    expect(await station.call('c', 'DataTransfer', { vendorId: 'fine' })).toEqual([3, 'c', { status: 'Accepted' }]);
    expect(outcomes.map(([action, , ok]) => [action, ok])).toEqual([['DataTransfer', false], ['DataTransfer', false], ['DataTransfer', true]]);
    for (const [, seconds] of outcomes) expect(seconds).toBeGreaterThanOrEqual(0);
  });

  it('never sends a schema-invalid response: InternalError instead', async () => {
    tg = await startTestGateway({}, silentLogger);
    tg.hooks.respond = () => ({ status: 'Maybe' });
    const station = await TestStation.connect(tg.url('/ocpp/CP-1'), ['ocpp2.0.1']);
    expect(head(await station.call('a', 'DataTransfer', { vendorId: 'x' }))).toEqual([4, 'a', 'InternalError']);
    expect(tg.hooks.handled).toHaveLength(1);
  });

  it('ignores answers to calls it never made, without replying', async () => {
    tg = await startTestGateway({}, silentLogger);
    const station = await TestStation.connect(tg.url('/ocpp/CP-1'));
    station.send([3, 'nobody-asked', {}]);
    station.send([4, 'nobody-asked', 'GenericError', '', {}]);
    expect(await station.call('h', 'Heartbeat', {})).toEqual([3, 'h', { currentTime: NOW }]);
  });

  it('records every frame both ways with its type, id and action', async () => {
    tg = await startTestGateway({}, silentLogger);
    const station = await TestStation.connect(tg.url('/ocpp/CP-1'));
    await station.call('h', 'Heartbeat', {});
    const conn = tg.gateway.connection('CP-1')!;
    const reset = conn.call('Reset', { type: 'Hard' });
    const call = (await station.next()) as unknown[];
    station.send([3, call[1], { status: 'Accepted' }]);
    expect(await reset).toEqual({ status: 'Accepted' });
    station.send('garbage');
    await eventually(() => tg.hooks.frames.length === 5);
    expect(tg.hooks.frames.map((f) => [f.direction, f.messageType, f.messageId, f.action])).toEqual([
      ['in', 2, 'h', 'Heartbeat'],
      ['out', 3, 'h', 'Heartbeat'],
      ['out', 2, 'out-1', 'Reset'],
      ['in', 3, 'out-1', 'Reset'],
      ['in', undefined, undefined, undefined],
    ]);
    expect(tg.hooks.frames[4].text).toBe('garbage');
    expect(tg.hooks.frames.every((f) => f.stationId === 'CP-1')).toBe(true);
  });
});

describe('frame limits', () => {
  it('closes with 1003 on a binary frame', async () => {
    tg = await startTestGateway({}, silentLogger);
    const station = await TestStation.connect(tg.url('/ocpp/CP-1'));
    station.ws.send(Buffer.from([2, 0, 1]), { binary: true });
    expect((await station.closed).code).toBe(1003);
  });

  it('closes with 1009 on a frame over the limit', async () => {
    tg = await startTestGateway({ maxFrameBytes: 1024 }, silentLogger);
    const station = await TestStation.connect(tg.url('/ocpp/CP-1'));
    station.send([2, 'big', 'DataTransfer', { vendorId: 'x', data: 'y'.repeat(2000) }]);
    expect((await station.closed).code).toBe(1009);
    expect(tg.hooks.handled).toHaveLength(0);
  });

  it('closes a station that does not read its replies with 1008', async () => {
    tg = await startTestGateway({ maxBufferedBytes: 256 * 1024, inboundQueueLimit: 1000, maxFrameBytes: 1024 * 1024 }, silentLogger);
    tg.hooks.respond = () => ({ status: 'Accepted', data: 'z'.repeat(60_000) });
    const station = await TestStation.connect(tg.url('/ocpp/CP-1'));
    (station.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 0; i < 400; i++) station.send([2, `m${i}`, 'DataTransfer', { vendorId: 'x' }]);
    await eventually(() => tg.hooks.disconnects.length === 1, 10_000);
    expect(tg.hooks.disconnects[0].info).toMatchObject({ code: 1008, reason: 'slow reader' });
    expect(tg.hooks.handled.length).toBeLessThan(400);
  });
});
