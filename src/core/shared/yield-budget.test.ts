import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTurn, yieldEvery } from './yield-budget.js';

/** Keeps the CPU busy for `ms` without giving the event loop a turn. */
const busy = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('yieldEvery', () => {
  it('does not yield while the budget lasts', async () => {
    const tick = yieldEvery(60_000);
    let ran = false;
    setImmediate(() => (ran = true));
    for (let i = 0; i < 1_000; i++) await tick();
    expect(ran).toBe(false);
    await nextTurn();
    expect(ran).toBe(true);
  });

  it('yields to a macrotask once the budget is spent, then starts a new slice', async () => {
    const tick = yieldEvery(20);
    let ran = 0;
    setImmediate(() => ran++);
    busy(25);
    await tick();
    expect(ran).toBe(1);
    // A fresh slice: an immediate scheduled now waits until this slice is spent in its turn.
    setImmediate(() => ran++);
    await tick();
    expect(ran).toBe(1);
    busy(25);
    await tick();
    expect(ran).toBe(2);
  });

  it('lets a resolved promise not count as a yield: a loop awaiting only microtasks starves the immediates', async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    const until = performance.now() + 10;
    while (performance.now() < until) await Promise.resolve();
    expect(ran).toBe(false);
    const tick = yieldEvery(1);
    while (!ran) {
      busy(0.2);
      await tick();
    }
    expect(ran).toBe(true);
  });

  describe('with a socket', () => {
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
      server = undefined;
    });

    it('reads data that arrives during a long loop', async () => {
      let received = '';
      server = createServer((socket) => socket.on('data', (chunk) => (received += chunk.toString())));
      await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
      const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
      await new Promise<void>((done) => client.once('connect', done));
      client.end('ping');
      const tick = yieldEvery(4);
      const started = performance.now();
      let items = 0;
      while (received === '' && performance.now() - started < 5_000) {
        busy(0.1);
        items++;
        await tick();
      }
      expect(received).toBe('ping');
      expect(items).toBeGreaterThan(0);
    });
  });
});
