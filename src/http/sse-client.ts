import type { ServerResponse } from 'node:http';
import type { DomainEvent } from '../bus/bus.js';
import type { LiveEvent } from './api-types.js';

/** What a live-stream client asked for. */
export interface StreamFilter {
  stationId?: string;
  siteId?: string;
  /** Type prefixes; empty or absent = every type. */
  types?: readonly string[];
  /** The signed-in user: events addressed to one user (`data.recipientId`) reach only that user's streams. */
  userId?: string;
}

/** One event as an SSE message: `id:` for durable events, `event:` its type, `data:` the LiveEvent JSON. */
export function formatEvent(event: DomainEvent): string {
  const live: LiveEvent = { type: event.type, at: event.at, data: event.data, ...(event.id ? { id: event.id } : {}), ...(event.stationId ? { stationId: event.stationId } : {}), ...(event.sessionId !== undefined ? { sessionId: event.sessionId } : {}) };
  return `${event.id ? `id: ${event.id}\n` : ''}event: ${event.type}\ndata: ${JSON.stringify(live)}\n\n`;
}

/**
 * One open Server-Sent Events response. High-rate events (meter samples) are coalesced per event-loop turn;
 * an urgent one (a durable event: a status, a session start) goes out at once, with whatever waits before it,
 * so it reaches the browser as soon as the station's CALLRESULT does. What the socket has not taken yet is
 * bounded: a client that falls `maxBufferedBytes` behind is dropped (it reconnects with Last-Event-ID).
 */
export class SseClient {
  /** Events that arrived while the replay of missed events was being sent. */
  early: DomainEvent[] | undefined = [];
  private pending: string[] = [];
  private pendingBytes = 0;
  private scheduled = false;
  private closed = false;

  constructor(
    readonly res: ServerResponse,
    readonly filter: StreamFilter,
    private readonly options: { maxBufferedBytes: number; onOverflow(client: SseClient, bufferedBytes: number): void },
  ) {}

  get isClosed(): boolean {
    return this.closed || this.res.destroyed;
  }

  /** Queues text for the next flush (or sends it now, when `urgent`); drops the client when it is too far behind. */
  write(text: string, urgent = false): void {
    if (this.isClosed) return;
    this.pending.push(text);
    this.pendingBytes += text.length;
    const buffered = this.pendingBytes + this.res.writableLength;
    if (buffered > this.options.maxBufferedBytes) {
      this.options.onOverflow(this, buffered);
      this.close();
      return;
    }
    if (urgent) {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Ends the response (and drops its socket if the end cannot get through). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.res.destroy();
  }

  private flush(): void {
    if (this.isClosed || this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    this.res.write(text);
    // A response write corks the socket until the next tick, which comes only after every queued microtask (a
    // committed batch's whole continuation, tens of ms under load): hand the bytes to the socket now.
    this.res.socket?.uncork();
  }
}
