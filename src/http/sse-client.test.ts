import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../test-kit/eventually.js';
import { SseClient } from './sse-client.js';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** A real response on a real socket, with the client reading it, for checking what reaches the socket when. */
async function openResponse(): Promise<{ res: http.ServerResponse; received: () => string }> {
  let body = '';
  const ready = new Promise<http.ServerResponse>((resolve) => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      resolve(res);
    });
    server.listen(0, '127.0.0.1', () => {
      const req = http.get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, (r) => r.on('data', (c: Buffer) => (body += c.toString())));
      cleanup.push(() => {
        req.destroy();
        server.close();
      });
    });
  });
  return { res: await ready, received: () => body };
}

const options = { maxBufferedBytes: 1 << 20, onOverflow: () => undefined };

describe('SseClient', () => {
  it('hands an urgent event, and what waited before it, to the socket at once; coalesces the rest until the turn ends', async () => {
    const { res, received } = await openResponse();
    const client = new SseClient(res, {}, options);
    client.write('event: meter.sample\ndata: 1\n\n');
    expect(res.socket!.writableLength).toBe(0);
    expect(res.writableLength).toBe(0);
    // Still inside this job (as when a committed batch's continuations run): nothing may wait for the next tick.
    client.write('id: 7\nevent: connector.status\ndata: 2\n\n', true);
    expect(res.socket!.writableCorked).toBe(0);
    expect(res.socket!.writableLength).toBe(0);
    client.write('event: meter.sample\ndata: 3\n\n');
    const text = await waitUntil(() => (received().includes('data: 3') ? received() : undefined), 5_000, 'all three events');
    expect(text.indexOf('data: 1')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('data: 1')).toBeLessThan(text.indexOf('data: 2'));
    expect(text.indexOf('data: 2')).toBeLessThan(text.indexOf('data: 3'));
  });
});
