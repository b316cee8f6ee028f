import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BatchCommitter, type BatchChannel } from './batch-committer.js';
import { createTestDatabase, type TestDatabase } from '../test-kit/db.js';
import { silentLogger } from '../test-kit/logger.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

/** Waits on real I/O turns (setImmediate is not faked) until `done` holds, leaving the fake clock alone. */
async function until(done: () => boolean, turns = 20_000): Promise<void> {
  for (let i = 0; !done(); i++) {
    if (i >= turns) throw new Error('condition not reached without the clock moving');
    await new Promise((r) => setImmediate(r));
  }
}

describe('batch scheduling', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes rows that queued up during a slow batch as soon as it is done, not an interval later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const writtenAt: number[] = [];
    const channel: BatchChannel<number> = {
      name: 'gated',
      async write(client) {
        writtenAt.push(performance.now());
        await client.query('select 1');
        if (writtenAt.length === 1) await gate;
      },
    };
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 50 });
    const first = committer.submit(channel, [1]);
    await vi.advanceTimersByTimeAsync(50);
    await until(() => writtenAt.length === 1);
    const second = committer.submit(channel, [2]);
    // The first batch takes 150 ms more; the second row has waited longer than the interval by then.
    await vi.advanceTimersByTimeAsync(150);
    release();
    await first;
    await until(() => writtenAt.length === 2);
    await second;
    expect(writtenAt[1]! - writtenAt[0]!).toBe(150);
    await committer.close();
  });
});
