import { request, type ClientRequest } from 'node:http';

/** What the reader hands on: events of a watched type, with the time their chunk arrived. */
export type SseHandler = (type: string, data: string, receivedAt: number) => void;

const RECONNECT_MS = 100;

/**
 * A lean Server-Sent Events client for load: it counts every event and byte, but only splits out the
 * `data:` of the watched event types, so a stream of thousands of meter events a second costs little.
 * Like a browser's EventSource it reconnects when the server ends the stream (a client that falls too far
 * behind is dropped) and sends Last-Event-ID, so durable events missed meanwhile are replayed.
 */
export class SseReader {
  events = 0;
  bytes = 0;
  reconnects = 0;
  private buffer = '';
  private lastEventId: string | undefined;
  private req: ClientRequest | undefined;
  private closed = false;
  private readonly watched: ReadonlySet<string>;

  /** `watched`: the event type (or types) whose data is handed to `onEvent`. */
  constructor(watched: string | readonly string[], private readonly onEvent: SseHandler) {
    this.watched = new Set(typeof watched === 'string' ? [watched] : watched);
  }

  /** Opens the stream; resolves once the server has answered 200 with the event stream. */
  open(url: string, headers: Record<string, string>): Promise<void> {
    return new Promise((resolve, reject) => {
      let ended = false;
      // Once the stream was up, its end (or a failed reconnect) starts one more attempt.
      const retry = (wasUp: boolean) => {
        if (ended) return;
        ended = true;
        if (wasUp || this.reconnects > 0) this.again(url, headers);
      };
      const req = request(url, { headers: { accept: 'text/event-stream', ...headers, ...(this.lastEventId ? { 'last-event-id': this.lastEventId } : {}) } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`GET ${url} answered ${res.statusCode}`));
          res.resume();
          retry(false);
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.take(chunk, performance.now()));
        res.on('error', () => undefined);
        res.on('close', () => retry(true));
        resolve();
      });
      req.on('error', (err) => {
        reject(err);
        retry(false);
      });
      req.end();
      this.req = req;
    });
  }

  close(): void {
    this.closed = true;
    this.req?.destroy();
  }

  private again(url: string, headers: Record<string, string>): void {
    if (this.closed) return;
    this.reconnects++;
    this.buffer = '';
    setTimeout(() => {
      if (!this.closed) this.open(url, headers).catch(() => undefined);
    }, RECONNECT_MS);
  }

  private take(chunk: string, receivedAt: number): void {
    this.bytes += Buffer.byteLength(chunk);
    this.buffer += chunk;
    let start = 0;
    for (let end = this.buffer.indexOf('\n\n', start); end !== -1; end = this.buffer.indexOf('\n\n', start)) {
      const message = this.buffer.slice(start, end);
      start = end + 2;
      const at = message.indexOf('event: ');
      if (at === -1) continue;
      this.events++;
      if (message.startsWith('id: ')) this.lastEventId = message.slice(4, message.indexOf('\n'));
      const typeEnd = message.indexOf('\n', at);
      const type = message.slice(at + 7, typeEnd === -1 ? undefined : typeEnd);
      if (!this.watched.has(type)) continue;
      const data = message.indexOf('data: ', typeEnd);
      if (data === -1) continue;
      const dataEnd = message.indexOf('\n', data);
      this.onEvent(type, message.slice(data + 6, dataEnd === -1 ? undefined : dataEnd), receivedAt);
    }
    this.buffer = this.buffer.slice(start);
  }
}
