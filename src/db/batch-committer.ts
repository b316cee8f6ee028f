import type pg from 'pg';
import type { Logger } from '../core/shared/logger.js';
import { pgArray } from './array-literal.js';
import { binaryArray, hasBinaryArray } from './binary-array.js';

/** One data-modifying SQL statement (insert/update, no trailing semicolon) and its parameters. */
export interface BatchStatement {
  sql: string;
  params: unknown[];
}

/** One kind of row written in batches: how to write many of them inside an open transaction. */
export interface BatchChannel<T> {
  readonly name: string;
  write(client: pg.PoolClient, items: T[]): Promise<void>;
  /**
   * The same write as one statement whose parameters are numbered from `$first`, when the channel needs
   * nothing read back. Such statements of one batch are sent together as one statement (one round trip).
   */
  statement?(items: T[], first: number): BatchStatement | null;
}

/** A channel written by one statement: `write` runs it; the committer may also merge it with others. */
export function statementChannel<T>(name: string, statement: (items: T[], first: number) => BatchStatement | null): BatchChannel<T> {
  return {
    name,
    statement,
    async write(client, items) {
      const s = statement(items, 1);
      if (s) await client.query(s.sql, s.params);
    },
  };
}

/**
 * Merges statements into one: data-modifying WITH clauses run once each, to completion, on one snapshot,
 * and a single statement commits atomically without BEGIN/COMMIT round trips. The channels of one batch
 * write different tables, so they never touch the same rows.
 */
export function mergeStatements(statements: readonly BatchStatement[]): BatchStatement {
  if (statements.length === 1) return statements[0]!;
  return {
    sql: `with ${statements.map((s, i) => `w${i} as (${s.sql})`).join(', ')} select 1`,
    params: statements.flatMap((s) => s.params),
  };
}

/** Counters and timings of committed batches, for /metrics and benchmarks. */
export interface BatchStats {
  batches: number;
  items: number;
  failures: number;
  lastBatchItems: number;
  lastBatchMs: number;
  /** Milliseconds spent committing batches, all told. */
  totalMs: number;
  /** Milliseconds spent per step of a batch, all told: each channel's write, `connect`, `begin` and `commit`. */
  stepMs: Record<string, number>;
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
  /** When the oldest queued row of the next batch arrived (performance.now()); undefined when none waits. */
  private oldestAt: number | undefined;
  private closed = false;
  private client: pg.PoolClient | undefined;
  readonly stats: BatchStats = { batches: 0, items: 0, failures: 0, lastBatchItems: 0, lastBatchMs: 0, totalMs: 0, stepMs: {} };

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
    this.releaseConnection();
  }

  private add<T>(channel: BatchChannel<T>, items: readonly T[]): void {
    if (this.closed) throw new Error('batch committer is closed');
    this.oldestAt ??= performance.now();
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
      // The interval counts from when the oldest row arrived: rows that queued up while the previous batch
      // was being written have waited already, and go as soon as that batch is done.
      const delay = (this.oldestAt ?? performance.now()) + this.deps.intervalMs - performance.now();
      if (delay <= 0) {
        void this.flush();
        return;
      }
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, delay);
    }
  }

  private async commitBatch(): Promise<void> {
    const batch = this.pending;
    const waiters = this.waiters;
    const items = this.count;
    this.pending = new Map();
    this.waiters = [];
    this.count = 0;
    this.oldestAt = undefined;
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
    this.stats.totalMs += ms;
    this.deps.onBatch?.(items, ms);
    for (const w of waiters) w.resolve();
  }

  private async write(batch: Map<BatchChannel<unknown>, unknown[]>): Promise<void> {
    if (batch.size === 0) return;
    let mark = performance.now();
    const step = (name: string): void => {
      const now = performance.now();
      this.stats.stepMs[name] = (this.stats.stepMs[name] ?? 0) + (now - mark);
      mark = now;
    };
    // Channels that need nothing read back become one statement; the rest run after it in a transaction.
    const statements: BatchStatement[] = [];
    const rest: Array<[BatchChannel<unknown>, unknown[]]> = [];
    let param = 1;
    for (const [channel, items] of batch) {
      if (!channel.statement) {
        rest.push([channel, items]);
        continue;
      }
      const s = channel.statement(items, param);
      if (s) {
        statements.push(s);
        param += s.params.length;
      }
    }
    step('prepare');
    const client = await this.connection();
    step('connect');
    try {
      if (rest.length > 0) {
        await client.query('begin');
        step('begin');
      }
      if (statements.length > 0) {
        const merged = mergeStatements(statements);
        await client.query(merged.sql, merged.params);
        step('statement');
      }
      if (rest.length > 0) {
        for (const [channel, items] of rest) {
          await channel.write(client, items);
          step(channel.name);
        }
        await client.query('commit');
        step('commit');
      }
    } catch (error) {
      if (rest.length > 0) await client.query('rollback').catch(() => undefined);
      this.dropConnection(client, error as Error);
      throw error;
    }
  }

  /**
   * The committer keeps one connection for its batches (they run one at a time): no pool hand-over per
   * batch. A connection that failed is discarded and a new one taken for the next attempt.
   */
  private async connection(): Promise<pg.PoolClient> {
    if (!this.client) {
      const client = await this.deps.pool.connect();
      client.on('error', (error: Error) => this.dropConnection(client, error));
      this.client = client;
    }
    return this.client;
  }

  private dropConnection(client: pg.PoolClient, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.release(error);
  }

  /** Hands the committer's connection back to the pool (after close). */
  private releaseConnection(): void {
    const client = this.client;
    this.client = undefined;
    client?.release();
  }
}

/** A column written by `insertUnnest`: its name and PostgreSQL array element type. */
export type UnnestColumn = readonly [name: string, type: string];

/**
 * The value of one `$n::type[]` parameter: PostgreSQL's binary array format where the element type has a
 * codec (every type our batches write), else an array literal.
 */
export function arrayParam(type: string, values: readonly unknown[]): Buffer | string {
  return hasBinaryArray(type) ? binaryArray(type, values) : pgArray(values);
}

/**
 * The statement that inserts rows given column by column: each column is one array parameter (numbered
 * from `$first`), expanded by unnest(). `columns[i]` holds the values of `names[i]` for every row.
 */
export function insertColumnsStatement(table: string, names: readonly UnnestColumn[], columns: readonly (readonly unknown[])[], first = 1): BatchStatement | null {
  if (columns.length === 0 || columns[0]!.length === 0) return null;
  const list = names.map(([n]) => n).join(', ');
  const params = names.map(([, t], i) => `$${first + i}::${t}[]`).join(', ');
  return { sql: `insert into ${table} (${list}) select * from unnest(${params})`, params: names.map(([, t], i) => arrayParam(t, columns[i]!)) };
}

/** Inserts rows given column by column with one statement (see `insertColumnsStatement`). */
export async function insertColumns(client: pg.PoolClient, table: string, names: readonly UnnestColumn[], columns: readonly (readonly unknown[])[]): Promise<void> {
  const s = insertColumnsStatement(table, names, columns);
  if (s) await client.query(s.sql, s.params);
}

/** Turns rows into one array per column, for `insertColumns`. */
export function toColumns<T>(columns: readonly UnnestColumn[], rows: readonly T[], values: (row: T) => unknown[]): unknown[][] {
  const arrays: unknown[][] = columns.map(() => new Array<unknown>(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const v = values(rows[i]!);
    for (let c = 0; c < columns.length; c++) arrays[c]![i] = v[c];
  }
  return arrays;
}

/**
 * Inserts many rows with one statement: one array parameter per column, expanded by unnest().
 * Several times faster than a multi-row VALUES list and needs no statement per row.
 */
export async function insertUnnest<T>(client: pg.PoolClient, table: string, columns: readonly UnnestColumn[], rows: readonly T[], values: (row: T) => unknown[]): Promise<void> {
  if (rows.length === 0) return;
  await insertColumns(client, table, columns, toColumns(columns, rows, values));
}
