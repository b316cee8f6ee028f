import { Agent, request } from 'node:http';
import { LatencyHistogram } from './latency.js';

/** One timed GET: status, body and the time from sending to the last byte. */
export interface TimedResponse {
  status: number;
  body: string;
  ms: number;
}

/** Latency figures of one series of requests. */
export interface SeriesFigures {
  requests: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number;
  reqPerS: number;
}

/**
 * GETs over keep-alive connections on loopback, timed from the call to the last byte of the body, so the
 * figures include the server's work, serialization and the transfer, as a browser would see them.
 */
export class HttpTimer {
  private readonly agent: Agent;
  private readonly histogram = new LatencyHistogram();

  constructor(private readonly baseUrl: string, private readonly headers: Record<string, string>, maxSockets: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** One GET. */
  get(path: string): Promise<TimedResponse> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(`${this.baseUrl}${path}`, { agent: this.agent, headers: { accept: 'application/json', ...this.headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** `count` GETs of `path` with `inFlight` at a time (1 = one after the other); non-200 answers count as errors. */
  async series(path: string, count: number, inFlight: number): Promise<SeriesFigures> {
    this.histogram.reset();
    let errors = 0;
    let next = 0;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next < count) {
        next++;
        const r = await this.get(path);
        if (r.status === 200) this.histogram.record(r.ms);
        else errors++;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, inFlight) }, worker));
    const s = (performance.now() - started) / 1000;
    return {
      requests: count, errors, p50Ms: this.histogram.percentile(0.5), p95Ms: this.histogram.percentile(0.95), p99Ms: this.histogram.percentile(0.99),
      maxMs: Math.round(this.histogram.maxMs * 100) / 100, reqPerS: Math.round((count / s) * 10) / 10,
    };
  }

  close(): void {
    this.agent.destroy();
  }
}
