import http from 'node:http';

/** One Server-Sent Events message as received. */
export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
  /** Comment lines (`: ping`) arrive as messages with only a comment. */
  comment?: string;
}

/** An open event stream read over real HTTP. */
export interface SseStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Every message so far, in order. */
  messages: SseMessage[];
  /** Resolves with the first message (already received or coming) that matches, or fails after `timeoutMs`. */
  next(match: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Stops reading from the socket (to play a slow client). */
  pause(): void;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

function parse(block: string): SseMessage | undefined {
  const m: SseMessage = { data: '' };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) m.comment = line.slice(1).trim();
    else if (line.startsWith('id: ')) m.id = line.slice(4);
    else if (line.startsWith('event: ')) m.event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  m.data = data.join('\n');
  return m.id !== undefined || m.event !== undefined || data.length > 0 || m.comment !== undefined ? m : undefined;
}

/** Opens `url` as an event stream with the given headers (e.g. an API token, Last-Event-ID). */
export function openEventStream(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const messages: SseMessage[] = [];
      const waiters = new Set<{ match(m: SseMessage): boolean; resolve(m: SseMessage): void }>();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const m = parse(buffer.slice(0, at));
          buffer = buffer.slice(at + 2);
          if (!m) continue;
          messages.push(m);
          for (const w of waiters) if (w.match(m)) {
            waiters.delete(w);
            w.resolve(m);
          }
        }
      });
      const ended = new Promise<void>((done) => {
        res.on('end', done);
        res.on('close', done);
        res.on('error', () => done());
      });
      resolve({
        status: res.statusCode ?? 0, headers: res.headers, messages, ended,
        next: (match, timeoutMs = 5000) => {
          const found = messages.find(match);
          if (found) return Promise.resolve(found);
          return new Promise((ok, fail) => {
            const w = { match, resolve: (m: SseMessage) => { clearTimeout(timer); ok(m); } };
            const timer = setTimeout(() => {
              waiters.delete(w);
              fail(new Error(`no matching event within ${timeoutMs} ms (got ${messages.length}: ${messages.map((x) => x.event ?? x.comment).join(', ')})`));
            }, timeoutMs);
            waiters.add(w);
          });
        },
        pause: () => res.pause(),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}
