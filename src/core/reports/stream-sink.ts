import type { Writable } from 'node:stream';

/** The receiver of an export went away (client disconnected): stop producing, quietly. */
export class SinkClosedError extends Error {
  constructor() {
    super('export receiver closed');
    this.name = 'SinkClosedError';
  }
}

/**
 * Whether a writable is over its buffer limit. Streams of the older readable-stream package (inside
 * some libraries) lack `writableNeedDrain`, but keep the same flag in their state.
 */
export function needsDrain(out: Writable): boolean {
  return out.writableNeedDrain ?? (out as unknown as { _writableState?: { needDrain?: boolean } })._writableState?.needDrain === true;
}

/**
 * Resolves once `stream` has room again (its 'drain'); rejects when it, or the final receiver `out`
 * when given, closes or fails first (an intermediate stage stops draining once the receiver is gone).
 */
export function drained(stream: Writable, out: Writable = stream): Promise<void> {
  if (stream.destroyed || out.destroyed) return Promise.reject(new SinkClosedError());
  if (!needsDrain(stream)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const watched = stream === out ? [stream] : [stream, out];
    const done = (error?: Error) => {
      stream.off('drain', onDrain);
      for (const w of watched) {
        w.off('close', onClose);
        w.off('error', onError);
      }
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new SinkClosedError());
    const onError = (error: Error) => done(error);
    stream.on('drain', onDrain);
    for (const w of watched) {
      w.on('close', onClose);
      w.on('error', onError);
    }
  });
}

/** Writes a chunk, then waits while `out` is full: memory stays bounded whatever the receiver's speed. */
export async function writeChunk(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed) throw new SinkClosedError();
  if (!out.write(chunk)) await drained(out);
}
