import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { drained, needsDrain, SinkClosedError, writeChunk } from './stream-sink.js';

describe('writeChunk', () => {
  it('returns at once while there is room, and waits for the reader when the stream is full', async () => {
    const out = new PassThrough({ highWaterMark: 10 });
    await writeChunk(out, 'abc');
    let done = false;
    const waiting = writeChunk(out, 'x'.repeat(100)).then(() => { done = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    expect(needsDrain(out)).toBe(true);
    out.resume();
    await waiting;
    expect(done).toBe(true);
  });

  it('fails with SinkClosedError once the stream is gone', async () => {
    const out = new PassThrough();
    out.destroy();
    await expect(writeChunk(out, 'a')).rejects.toBeInstanceOf(SinkClosedError);
  });
});

describe('drained', () => {
  it('gives up waiting on a full intermediate stage when the final receiver closes', async () => {
    const stage = new PassThrough({ highWaterMark: 4 });
    const out = new PassThrough();
    stage.write('more than four bytes');
    expect(needsDrain(stage)).toBe(true);
    const waiting = drained(stage, out);
    out.destroy();
    await expect(waiting).rejects.toBeInstanceOf(SinkClosedError);
  });

  it('rejects with the stream\'s own error', async () => {
    const out = new PassThrough({ highWaterMark: 4 });
    out.write('more than four bytes');
    const waiting = drained(out);
    out.destroy(new Error('socket reset'));
    await expect(waiting).rejects.toThrow('socket reset');
  });
});
