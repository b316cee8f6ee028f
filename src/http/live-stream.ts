import type { ServerResponse } from 'node:http';
import type { Bus, DomainEvent } from '../bus/bus.js';
import type { Clock } from '../core/shared/clock.js';
import type { Logger } from '../core/shared/logger.js';
import type { EventLogFilter } from '../db/event-log.js';
import { formatEvent, SseClient, type StreamFilter } from './sse-client.js';

/** What the live stream is built from. */
export interface LiveStreamDeps {
  bus: Bus;
  clock: Clock;
  logger: Logger;
  /** The site a station belongs to now (for the siteId filter). */
  siteOf(stationId: string): string | null | undefined;
  /** Durable events after an id (the outbox), for Last-Event-ID resume. */
  replay(afterId: string, filter: EventLogFilter, limit: number): Promise<DomainEvent[]>;
  options?: { heartbeatMs?: number; maxBufferedBytes?: number; replayLimit?: number };
}

const EARLY_LIMIT = 20_000;

/**
 * The live event stream (GET /api/events): one bus subscription fans events out to every open
 * Server-Sent Events client whose filters match. A reconnecting client sends Last-Event-ID and first gets
 * the durable events it missed, from the outbox, then the live ones; a comment every 15 s keeps proxies
 * from closing idle streams.
 */
export class LiveStream {
  private readonly clients = new Set<SseClient>();
  private unsubscribe: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly deps: LiveStreamDeps) {}

  /** Clients connected now. */
  get clientCount(): number {
    return this.clients.size;
  }

  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((event) => this.dispatch(event));
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) c.write(': ping\n\n');
    }, this.deps.options?.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  /** Stops following the bus and ends every stream. */
  stop(): void {
    this.unsubscribe?.();
    clearInterval(this.heartbeat);
    for (const c of this.clients) c.close();
    this.clients.clear();
  }

  /** Serves one stream on a raw response until the client goes away. */
  async open(res: ServerResponse, filter: StreamFilter, lastEventId: string | undefined): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    const client = new SseClient(res, filter, {
      maxBufferedBytes: this.deps.options?.maxBufferedBytes ?? 4 * 1024 * 1024,
      onOverflow: (_c, bufferedBytes) => this.deps.logger.warn({ bufferedBytes, filter }, 'live stream client too slow, dropped'),
    });
    this.clients.add(client);
    res.on('close', () => {
      client.close();
      this.clients.delete(client);
    });
    client.write('retry: 3000\n\n');
    const replayed = new Set<string>();
    if (lastEventId !== undefined && /^\d{1,19}$/.test(lastEventId)) {
      try {
        await this.replay(client, lastEventId, replayed);
      } catch (error) {
        this.deps.logger.error({ err: (error as Error).message, lastEventId }, 'live stream replay failed');
        client.write(formatEvent({ type: 'stream.resync', at: this.deps.clock.now().toISOString(), data: { reason: 'replay failed' } }));
      }
    }
    const early = client.early ?? [];
    client.early = undefined;
    for (const e of early) if (!(e.id && replayed.has(e.id)) && this.matches(client.filter, e)) client.write(formatEvent(e));
  }

  private async replay(client: SseClient, lastEventId: string, replayed: Set<string>): Promise<void> {
    const limit = this.deps.options?.replayLimit ?? 5_000;
    const { stationId, types } = client.filter;
    const missed = await this.deps.replay(lastEventId, { stationId, types }, limit + 1);
    if (missed.length > limit) {
      // Too much was missed to replay: the client should reload its state instead.
      client.write(formatEvent({ type: 'stream.resync', at: this.deps.clock.now().toISOString(), data: { reason: 'too many missed events', missedAtLeast: missed.length } }));
      return;
    }
    for (const e of missed) {
      replayed.add(e.id!);
      if (this.matches(client.filter, e)) client.write(formatEvent(e));
    }
  }

  private dispatch(event: DomainEvent): void {
    let text: string | undefined;
    for (const c of this.clients) {
      if (c.early) {
        // Live events wait while the missed ones are replayed; a replay that takes too long drops the client.
        if (c.early.push(event) > EARLY_LIMIT) {
          this.deps.logger.warn({ filter: c.filter }, 'live stream client dropped: replay too slow');
          c.close();
        }
        continue;
      }
      if (!this.matches(c.filter, event)) continue;
      text ??= formatEvent(event);
      // Durable events (statuses, sessions, admissions) are few and awaited; meter samples are many and coalesced.
      c.write(text, event.id !== undefined);
    }
  }

  private matches(f: StreamFilter, e: DomainEvent): boolean {
    const recipientId = (e.data as { recipientId?: unknown }).recipientId;
    if (recipientId !== undefined && recipientId !== f.userId) return false;
    if (f.stationId !== undefined && e.stationId !== f.stationId) return false;
    if (f.types && f.types.length > 0 && !f.types.some((t) => e.type.startsWith(t))) return false;
    if (f.siteId !== undefined) {
      const siteId = e.stationId !== undefined ? this.deps.siteOf(e.stationId) : (e.data as { siteId?: unknown }).siteId;
      if (siteId !== f.siteId) return false;
    }
    return true;
  }
}
