import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/in-process-bus.js';
import type { DomainEvent } from '../bus/bus.js';
import { systemClock } from '../core/shared/clock.js';
import type { Logger } from '../core/shared/logger.js';
import { silentLogger } from '../test-kit/logger.js';
import { openEventStream } from '../test-kit/sse.js';
import { LiveStream, type LiveStreamDeps } from './live-stream.js';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** A LiveStream behind a plain HTTP server (no Fastify): every request opens a stream with `?after=` as Last-Event-ID. */
async function serve(options: LiveStreamDeps['options'], stored: DomainEvent[] = [], logger: Logger = silentLogger) {
  const bus = new InProcessBus(silentLogger);
  const stream = new LiveStream({
    bus, clock: systemClock, logger, siteOf: () => null, options,
    replay: async (afterId, _filter, limit) => stored.filter((e) => BigInt(e.id!) > BigInt(afterId)).slice(0, limit),
  });
  stream.start();
  const server = http.createServer((req, res) => {
    const after = new URL(req.url ?? '/', 'http://x').searchParams.get('after') ?? undefined;
    void stream.open(res, {}, after);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => {
    stream.stop();
    server.close();
  });
  return { bus, stream, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

const event = (id: string | undefined, type = 'connector.status'): DomainEvent => ({ ...(id ? { id } : {}), type, at: '2026-01-01T00:00:00.000Z', stationId: 'S1', data: { n: id } });

describe('LiveStream', () => {
  it('sends a heartbeat comment on idle streams', async () => {
    const { url } = await serve({ heartbeatMs: 50 });
    const client = await openEventStream(url);
    cleanup.push(() => client.close());
    await client.next((m) => m.comment === 'ping', 2000);
  });

  it('tells a client that missed too much to resync instead of replaying', async () => {
    const stored = Array.from({ length: 30 }, (_, i) => event(String(i + 1)));
    const { url } = await serve({ replayLimit: 10 }, stored);
    const fine = await openEventStream(`${url}?after=25`);
    const behind = await openEventStream(`${url}?after=5`);
    cleanup.push(() => fine.close(), () => behind.close());
    await fine.next((m) => m.id === '30');
    expect(fine.messages.filter((m) => m.id).map((m) => m.id)).toEqual(['26', '27', '28', '29', '30']);
    await behind.next((m) => m.event === 'stream.resync');
    expect(behind.messages.some((m) => m.id)).toBe(false);
  });

  it('sends live events without ids for high-rate types, and never an event twice after a replay', async () => {
    const stored = [event('1'), event('2')];
    const { bus, url } = await serve({}, stored);
    const client = await openEventStream(`${url}?after=1`);
    cleanup.push(() => client.close());
    await client.next((m) => m.id === '2');
    bus.publish(event(undefined, 'meter.sample'));
    bus.publish(event('3'));
    await client.next((m) => m.id === '3');
    expect(client.messages.filter((m) => m.event).map((m) => `${m.event}:${m.id ?? '-'}`)).toEqual(['connector.status:2', 'meter.sample:-', 'connector.status:3']);
  });

  it('drops a client that stops reading once its buffer is full, with a log line, and keeps serving others', async () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (_o: unknown, msg: string) => warnings.push(msg) } as unknown as Logger;
    const { bus, stream, url } = await serve({ maxBufferedBytes: 64 * 1024 }, [], logger);
    const slow = await openEventStream(url);
    const fast = await openEventStream(url);
    cleanup.push(() => slow.close(), () => fast.close());
    slow.pause();
    expect(stream.clientCount).toBe(2);
    const big = { ...event(undefined, 'meter.sample'), data: { blob: 'x'.repeat(10_000) } };
    // A few events per tick (less than the bound), until the paused client's socket and buffer are full.
    for (let i = 0; i < 5000 && stream.clientCount === 2; i++) {
      bus.publish(big);
      if (i % 4 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    expect(stream.clientCount).toBe(1);
    expect(warnings).toContain('live stream client too slow, dropped');
    bus.publish(event('9'));
    await fast.next((m) => m.id === '9');
  });
});
