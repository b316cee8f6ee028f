import type pg from 'pg';
import type { Logger } from '../core/shared/logger.js';

/** One kind of row written in batches: how to write many of them inside an open transaction. */
export interface BatchChannel<T> {
  readonly name: string;
  write(client: pg.PoolClient, items: T[]): Promise<void>;
}

/** Counters and timings of committed batches, for /metrics and benchmarks. */
export interface BatchStats {
  batches: number;
  items: number;
  failures: number;
  lastBatchItems: number;
  lastBatchMs: number;
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

const RETRY_DELAYS_MS = [50, 200, 500, 1000, 2000];

/**
 * Collects rows from many callers and commits them together in one transaction at most every
 * `intervalMs` (DESIGN: samples committed in batches every ≤ 50 ms). `submit` resolves only after the
 * commit, so a station's reply can wait for durability (ack after commit). When the database is briefly
 * away, a batch is retried with back-off; if it still fails, the callers are told and nothing is lost
 * silently (the station gets an error and retries). `enqueue` is for rows nobody waits on (the message log).
 */
export class BatchCommitter {
  private pending = new Map<BatchChannel<unknown>, unknown[]>();
  private waiters: Waiter[] = [];
  private count = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;
  readonly stats: BatchStats = { batches: 0, items: 0, failures: 0, lastBatchItems: 0, lastBatchMs: 0 };

  constructor(private readonly deps: { pool: pg.Pool; logger: Logger; intervalMs: number; maxItems?: number; onBatch?: (items: number, ms: number) => void }) {}

  /** Queues rows and resolves once they are committed. */
  submit<T>(channel: BatchChannel<T>, items: readonly T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.add(channel, items);
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Queues rows without waiting for them; failures are logged. */
  enqueue<T>(channel: BatchChannel<T>, items: readonly T[]): void {
    if (items.length === 0) return;
    this.add(channel, items);
    this.schedule();
  }

  /** Commits whatever is queued now. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.flushing) await this.flushing;
    if (this.count === 0 && this.waiters.length === 0) return;
    this.flushing = this.commitBatch().finally(() => {
      this.flushing = undefined;
      if (this.count > 0 || this.waiters.length > 0) this.schedule();
    });
    await this.flushing;
  }

  /** Commits what is queued and refuses new work. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private add<T>(channel: BatchChannel<T>, items: readonly T[]): void {
    if (this.closed) throw new Error('batch committer is closed');
    const key = channel as BatchChannel<unknown>;
    let list = this.pending.get(key);
    if (!list) {
      list = [];
      this.pending.set(key, list);
    }
    for (const item of items) list.push(item);
    this.count += items.length;
  }

  private schedule(): void {
    if (this.flushing) return;
    if (this.count >= (this.deps.maxItems ?? 20_000)) {
      void this.flush();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.deps.intervalMs);
    }
  }

  private async commitBatch(): Promise<void> {
    const batch = this.pending;
    const waiters = this.waiters;
    const items = this.count;
    this.pending = new Map();
    this.waiters = [];
    this.count = 0;
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.write(batch);
        break;
      } catch (error) {
        this.stats.failures++;
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          this.deps.logger.error({ err: (error as Error).message, items }, 'batch commit failed; callers will be told');
          for (const w of waiters) w.reject(error as Error);
          return;
        }
        this.deps.logger.warn({ err: (error as Error).message, attempt: attempt + 1, items }, 'batch commit failed; retrying');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    const ms = performance.now() - started;
    this.stats.batches++;
    this.stats.items += items;
    this.stats.lastBatchItems = items;
    this.stats.lastBatchMs = ms;
    this.deps.onBatch?.(items, ms);
    for (const w of waiters) w.resolve();
  }

  private async write(batch: Map<BatchChannel<unknown>, unknown[]>): Promise<void> {
    if (batch.size === 0) return;
    const client = await this.deps.pool.connect();
    try {
      await client.query('begin');
      for (const [channel, items] of batch) await channel.write(client, items);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** A column written by `insertUnnest`: its name and PostgreSQL array element type. */
export type UnnestColumn = readonly [name: string, type: string];

/**
 * Inserts many rows with one statement: one array parameter per column, expanded by unnest().
 * Several times faster than a multi-row VALUES list and needs no statement per row.
 */
export async function insertUnnest<T>(client: pg.PoolClient, table: string, columns: readonly UnnestColumn[], rows: readonly T[], values: (row: T) => unknown[]): Promise<void> {
  if (rows.length === 0) return;
  const arrays: unknown[][] = columns.map(() => new Array<unknown>(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const v = values(rows[i]!);
    for (let c = 0; c < columns.length; c++) arrays[c]![i] = v[c];
  }
  const names = columns.map(([n]) => n).join(', ');
  const params = columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ');
  await client.query(`insert into ${table} (${names}) select * from unnest(${params})`, arrays);
}
