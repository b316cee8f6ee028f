/** Bucket width: latencies are kept to the nearest 10 µs. */
const BUCKET_MS = 0.01;
/** Buckets up to 10 s; slower answers land in the last one. */
const BUCKETS = 1_000_000;

/**
 * A fixed-resolution latency histogram: cheap to record into on the client's hot path, and histograms
 * from several client processes merge exactly by adding counts (percentiles of merged samples, not
 * averages of percentiles).
 */
export class LatencyHistogram {
  private counts = new Uint32Array(BUCKETS);
  count = 0;
  maxMs = 0;

  record(ms: number): void {
    const i = Math.min(BUCKETS - 1, Math.max(0, Math.round(ms / BUCKET_MS)));
    this.counts[i]!++;
    this.count++;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.maxMs = 0;
  }

  /** The non-empty buckets as [index, count] pairs, small enough to send over IPC. */
  toSparse(): SparseHistogram {
    const buckets: [number, number][] = [];
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i] !== 0) buckets.push([i, this.counts[i]!]);
    return { buckets, count: this.count, maxMs: this.maxMs };
  }

  /** Adds another histogram's counts. */
  merge(h: SparseHistogram): void {
    for (const [i, n] of h.buckets) this.counts[i]! += n;
    this.count += h.count;
    this.maxMs = Math.max(this.maxMs, h.maxMs);
  }

  /** The latency below which `p` (0..1) of the samples fall, in ms; null without samples. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(p * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.round(i * BUCKET_MS * 100) / 100;
    }
    return this.maxMs;
  }
}

/** A histogram in transit between processes. */
export interface SparseHistogram {
  buckets: [number, number][];
  count: number;
  maxMs: number;
}
