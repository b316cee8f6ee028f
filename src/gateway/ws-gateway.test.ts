import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../test-kit/logger.js';
import { eventually, startTestGateway, TestStation, type TestGateway } from '../test-kit/gateway-harness.js';

let tg: TestGateway;
afterEach(async () => {
  await tg?.close();
});

describe('admission at upgrade', () => {
  it('negotiates the subprotocol, preferring 2.0.1, and tells admit what it knows', async () => {
    tg = await startTestGateway({}, silentLogger);
    const both = await TestStation.connect(tg.url('/ocpp/CP-A'), ['ocpp1.6', 'ocpp2.0.1']);
    expect(both.protocol).toBe('ocpp2.0.1');
    const old = await TestStation.connect(tg.url('/CP-B'), ['ocpp1.6']);
    expect(old.protocol).toBe('ocpp1.6');
    expect(tg.hooks.admissions.map((a) => [a.stationId, a.version, a.tls, a.basicAuth])).toEqual([
      ['CP-A', '2.0.1', false, undefined],
      ['CP-B', '1.6', false, undefined],
    ]);
    expect(tg.hooks.admissions[0].remoteAddress).toBe('127.0.0.1');
    await eventually(() => tg.hooks.connects.length === 2);
    expect(tg.gateway.connectionCount).toBe(2);
    expect(tg.gateway.connection('CP-A')?.version).toBe('2.0.1');
    expect(tg.gateway.connection('CP-B')?.isOpen).toBe(true);
  });

  it('refuses with 400 when no OCPP subprotocol is offered or none is supported', async () => {
    tg = await startTestGateway({}, silentLogger);
    expect(await TestStation.attempt(tg.url('/ocpp/CP-1'), [])).toMatchObject({ ok: false, status: 400 });
    expect(await TestStation.attempt(tg.url('/ocpp/CP-1'), ['ocpp1.5', 'ocpp2.1x'])).toMatchObject({ ok: false, status: 400 });
    expect(tg.hooks.admissions).toHaveLength(0);
    expect(tg.gateway.connectionCount).toBe(0);
  });

  it('refuses bad station identities with 400', async () => {
    tg = await startTestGateway({}, silentLogger);
    for (const path of ['/ocpp/', `/ocpp/${'x'.repeat(49)}`, '/ocpp/a%2Fb', '/ocpp/a%00b', '/ocpp/%ZZ']) {
      expect(await TestStation.attempt(tg.url(path), ['ocpp1.6'])).toMatchObject({ ok: false, status: 400 });
    }
    expect(tg.hooks.admissions).toHaveLength(0);
    const spaced = await TestStation.connect(tg.url('/any/depth/CP%20%C3%A9'), ['ocpp1.6']);
    expect(tg.hooks.admissions[0].stationId).toBe('CP é');
    await spaced.close();
  });

  it('passes Basic credentials to admit and answers a 401 refusal with a Basic challenge', async () => {
    tg = await startTestGateway({}, silentLogger);
    tg.hooks.decide = (req) => req.basicAuth?.password === 'secret:1'
      ? { admit: true, securityProfile: 1 }
      : { admit: false, status: 401, reason: 'bad password' };
    const auth = (pw: string): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(`CP-1:${pw}`).toString('base64')}` });

    const refused = await TestStation.attempt(tg.url('/ocpp/CP-1'), ['ocpp1.6'], { headers: auth('wrong') });
    expect(refused).toMatchObject({ ok: false, status: 401 });
    expect(!refused.ok && refused.headers['www-authenticate']).toBe('Basic realm="chargewatch"');
    expect(tg.hooks.admissions[0].basicAuth).toEqual({ username: 'CP-1', password: 'wrong' });

    await TestStation.connect(tg.url('/ocpp/CP-1'), ['ocpp1.6'], { headers: auth('secret:1') });
    await eventually(() => tg.hooks.connects.length === 1);
    expect(tg.gateway.connection('CP-1')?.securityProfile).toBe(1);
  });

  it('uses the refusal status admit chooses, and 503 when admit itself fails', async () => {
    tg = await startTestGateway({}, silentLogger);
    tg.hooks.decide = (req) => {
      if (req.stationId === 'boom') throw new Error('database down');
      return { admit: false, status: 404, reason: 'unknown station' };
    };
    const refused = await TestStation.attempt(tg.url('/ocpp/nobody'), ['ocpp1.6']);
    expect(refused).toMatchObject({ ok: false, status: 404 });
    expect(!refused.ok && refused.headers['www-authenticate']).toBeUndefined();
    expect(await TestStation.attempt(tg.url('/ocpp/boom'), ['ocpp1.6'])).toMatchObject({ ok: false, status: 503 });
    expect(tg.gateway.connectionCount).toBe(0);
  });
});

describe('connection lifecycle', () => {
  it('lets a reconnect replace the old socket, reporting the old one as replaced', async () => {
    tg = await startTestGateway({}, silentLogger);
    const first = await TestStation.connect(tg.url('/ocpp/CP-1'));
    await eventually(() => tg.hooks.connects.length === 1);
    const oldConnection = tg.gateway.connection('CP-1');
    const pending = oldConnection!.call('Reset', { type: 'Soft' }).catch((err: unknown) => err);

    const second = await TestStation.connect(tg.url('/ocpp/CP-1'));
    expect(await first.closed).toEqual({ code: 1000, reason: 'replaced' });
    expect(await pending).toMatchObject({ name: 'CallFailure', reason: 'closed' });
    await eventually(() => tg.hooks.disconnects.length === 1);
    expect(tg.hooks.disconnects[0].connection).toBe(oldConnection);
    expect(tg.hooks.disconnects[0].info.replaced).toBe(true);
    expect(tg.gateway.connectionCount).toBe(1);
    expect(tg.gateway.connection('CP-1')).not.toBe(oldConnection);
    expect(tg.gateway.connection('CP-1')?.isOpen).toBe(true);

    expect(await second.call('m1', 'Heartbeat', {})).toEqual([3, 'm1', { currentTime: '2026-01-01T00:00:00.000Z' }]);
    await second.close();
    await eventually(() => tg.hooks.disconnects.length === 2);
    expect(tg.hooks.disconnects[1].info).toMatchObject({ code: 1005, replaced: false });
    expect(tg.gateway.connectionCount).toBe(0);
  });

  it('closes the socket when onConnect fails, and still reports the disconnect once', async () => {
    tg = await startTestGateway({}, silentLogger);
    tg.hooks.onConnect = () => Promise.reject(new Error('cannot mark online'));
    const station = await TestStation.connect(tg.url('/ocpp/CP-1'));
    expect((await station.closed).code).toBe(1011);
    await eventually(() => tg.hooks.disconnects.length === 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(tg.hooks.disconnects).toHaveLength(1);
  });

  it('handles frames that arrive while onConnect is still running only after it has finished', async () => {
    tg = await startTestGateway({}, silentLogger);
    let finish!: () => void;
    const order: string[] = [];
    tg.hooks.onConnect = () => new Promise<void>((resolve) => (finish = () => { order.push('connected'); resolve(); }));
    const baseRespond = tg.hooks.respond;
    tg.hooks.respond = (c, a, p, ctx) => { order.push(`handled ${ctx.messageId}`); return baseRespond(c, a, p, ctx); };
    const station = await TestStation.connect(tg.url('/ocpp/CP-1'));
    station.send([2, 'm1', 'Heartbeat', {}]);
    await new Promise((r) => setTimeout(r, 30));
    expect(order).toEqual([]);
    finish();
    expect(await station.next()).toEqual([3, 'm1', { currentTime: '2026-01-01T00:00:00.000Z' }]);
    expect(order).toEqual(['connected', 'handled m1']);
  });

  it('terminates a station that stops answering pings and keeps one that answers', async () => {
    tg = await startTestGateway({ pingIntervalMs: 100 }, silentLogger);
    const dead = await TestStation.connect(tg.url('/ocpp/dead'), ['ocpp1.6'], { autoPong: false });
    const alive = await TestStation.connect(tg.url('/ocpp/alive'), ['ocpp1.6']);
    const closed = await dead.closed;
    expect(closed.code).toBe(1006);
    await eventually(() => tg.hooks.disconnects.length === 1);
    expect(tg.hooks.disconnects[0].info).toMatchObject({ reason: 'ping timeout', replaced: false });
    expect(tg.hooks.disconnects[0].connection.stationId).toBe('dead');
    await new Promise((r) => setTimeout(r, 400));
    expect(tg.gateway.connection('alive')?.isOpen).toBe(true);
    const seen = tg.gateway.connection('alive')!.lastSeenMs;
    expect(seen).toBeGreaterThan(tg.gateway.connection('alive')!.connectedAt.getTime());
    await alive.close();
  });

  it('close() closes every socket with 1001 and stops listening', async () => {
    tg = await startTestGateway({}, silentLogger);
    const a = await TestStation.connect(tg.url('/ocpp/A'));
    const b = await TestStation.connect(tg.url('/ocpp/B'), ['ocpp2.0.1']);
    await eventually(() => tg.hooks.connects.length === 2);
    await tg.gateway.close();
    expect((await a.closed).code).toBe(1001);
    expect((await b.closed).code).toBe(1001);
    expect(tg.hooks.disconnects).toHaveLength(2);
    await expect(TestStation.attempt(tg.url('/ocpp/C'), ['ocpp1.6'])).rejects.toThrow();
  });

  it('survives hooks that throw or reject, and keeps serving the station', async () => {
    tg = await startTestGateway({}, silentLogger);
    tg.hooks.onSeen = () => {
      throw new Error('seen failed');
    };
    tg.hooks.onFrame = (() => Promise.reject(new Error('log failed'))) as () => void;
    tg.hooks.onDisconnect = () => Promise.reject(new Error('offline failed'));
    tg.hooks.handles = () => {
      throw new Error('routing failed');
    };
    const station = await TestStation.connect(tg.url('/ocpp/CP-1'));
    expect((await station.call('a', 'Heartbeat', {})).slice(0, 3)).toEqual([4, 'a', 'InternalError']);
    expect((await station.call('b', 'Heartbeat', {})).slice(0, 3)).toEqual([4, 'b', 'InternalError']);
    await station.close();
    const again = await TestStation.connect(tg.url('/ocpp/CP-1'));
    expect(again.protocol).toBe('ocpp1.6');
    await again.close();
  });

  it('answers plain HTTP with 426 and never calls admit for it', async () => {
    tg = await startTestGateway({}, silentLogger);
    const res = await fetch(`http://127.0.0.1:${tg.port}/ocpp/CP-1`);
    expect(res.status).toBe(426);
    expect(tg.hooks.admissions).toHaveLength(0);
  });
});
