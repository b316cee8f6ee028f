import type pg from 'pg';
import type { Logger } from '../core/shared/logger.js';

/** One data-modifying SQL statement (insert/update, no trailing semicolon) and its parameters. */
export interface BatchStatement {
  sql: string;
  params: unknown[];
  /**
   * Data-modifying statements that must commit with `sql` (rows it refers to), sent in the same statement
   * as WITH clauses; their parameters are numbered among `params`.
   */
  with?: readonly string[];
}

/** The SQL text that runs a statement and its WITH parts as one statement. */
export function statementText(s: BatchStatement): string {
  if (!s.with || s.with.length === 0) return s.sql;
  return `with ${s.with.map((part, i) => `p${i} as (${part})`).join(', ')} ${s.sql}`;
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
      if (s) await client.query(statementText(s), s.params);
    },
  };
}

/**
 * Merges statements into one: data-modifying WITH clauses run once each, to completion, on one snapshot,
 * and a single statement commits atomically without BEGIN/COMMIT round trips. The channels of one batch
 * write different tables, so they never touch the same rows.
 */
export function mergeStatements(statements: readonly BatchStatement[]): BatchStatement {
  if (statements.length === 1) return { sql: statementText(statements[0]!), params: statements[0]!.params };
  // WITH clauses cannot nest data-modifying statements: every part becomes a clause of its own.
  const parts = statements.flatMap((s) => [...(s.with ?? []), s.sql]);
  return {
    sql: `with ${parts.map((part, i) => `w${i} as (${part})`).join(', ')} select 1`,
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

/**
 * The one promise every caller of a batch waits on: the batch commits (or fails) as a whole, so its callers
 * share it rather than each holding a promise, executor and resolver pair of its own.
 */
class BatchOutcome {
  readonly promise: Promise<void>;
  resolve!: () => void;
  reject!: (error: Error) => void;

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}

/** A channel's rows to submit together with another's (see `BatchCommitter.submit`). */
export type BatchEntry = readonly [channel: BatchChannel<unknown>, items: readonly unknown[]];

/** Pairs a channel with its rows for `BatchCommitter.submit`, checking that they match. */
export function batchEntry<T>(channel: BatchChannel<T>, items: readonly T[]): BatchEntry {
  return [channel as BatchChannel<unknown>, items];
}

/** A batch being written. */
interface InFlight {
  /** Holds channels that need a transaction: nothing else is written alongside it. */
  exclusive: boolean;
  done: Promise<void>;
}

const RETRY_DELAYS_MS = [50, 200, 500, 1000, 2000];

/** Batches of statement-only channels written at once by default, each on its own connection. */
const PARALLEL_BATCHES = 1;

/** Distinct batch statement texts kept as prepared statements (channel combinations are few). */
const PREPARED_LIMIT = 64;

/**
 * Collects rows from many callers and commits them together at most every `intervalMs` (DESIGN: samples
 * committed in batches every ≤ 50 ms). `submit` resolves only after the commit, so a station's reply can
 * wait for durability (ack after commit). When the database is briefly away, a batch is retried with
 * back-off; if it still fails, the callers are told and nothing is lost silently (the station gets an
 * error and retries). `enqueue` is for rows nobody waits on (the message log).
 *
 * A batch whose channels all write with one statement commits atomically without a transaction block, and
 * with `parallel` > 1 several such batches may be written at once on their own connections: rows that
 * arrive while one is being written go in the next interval instead of waiting for it (the channels' rows never depend on another batch's:
 * a station's next message comes only after the answer to its previous one). A batch with a channel that
 * needs a transaction (the outbox, whose ids must follow commit order) is written alone. On a machine
 * where PostgreSQL shares the cores with this process (the benchmark's 2 cores), two batches at once
 * starved the event loop and raised the latency tail, hence one by default.
 */
export class BatchCommitter {
  private pending = new Map<BatchChannel<unknown>, unknown[]>();
  /** Whether a queued channel needs a transaction. */
  private pendingExclusive = false;
  /** What the callers of the queued batch wait on; undefined while nobody waits. */
  private outcome: BatchOutcome | undefined;
  private count = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: InFlight[] = [];
  /** When the oldest queued row of the next batch arrived (performance.now()); undefined when none waits. */
  private oldestAt: number | undefined;
  private closed = false;
  /** Connections kept between batches (one per batch that may be in flight): no pool hand-over per batch. */
  private spare: pg.PoolClient[] = [];
  private held = new Set<pg.PoolClient>();
  /** Prepared-statement names by statement text (see `statementName`). */
  private readonly prepared = new Map<string, string>();
  readonly stats: BatchStats = { batches: 0, items: 0, failures: 0, lastBatchItems: 0, lastBatchMs: 0, totalMs: 0, stepMs: {} };

  constructor(private readonly deps: { pool: pg.Pool; logger: Logger; intervalMs: number; maxItems?: number; parallel?: number; onBatch?: (items: number, ms: number) => void }) {}

  /**
   * Queues rows and resolves once they are committed. `also` are other channels' rows that go in the same
   * batch and are covered by the same promise.
   */
  submit<T>(channel: BatchChannel<T>, items: readonly T[], ...also: BatchEntry[]): Promise<void> {
    try {
      this.add(channel, items);
      for (const [c, rows] of also) this.add(c, rows);
    } catch (error) {
      return Promise.reject(error);
    }
    const outcome = (this.outcome ??= new BatchOutcome());
    this.schedule();
    return outcome.promise;
  }

  /** Queues rows without waiting for them; failures are logged. */
  enqueue<T>(channel: BatchChannel<T>, items: readonly T[]): void {
    if (items.length === 0) return;
    this.add(channel, items);
    this.schedule();
  }

  /** Commits whatever is queued now, and waits for every batch under way. */
  async flush(): Promise<void> {
    this.clearTimer();
    while (this.count > 0 || this.outcome) {
      if (this.canStart()) this.start();
      else await Promise.race(this.inFlight.map((b) => b.done));
    }
    while (this.inFlight.length > 0) await Promise.all(this.inFlight.map((b) => b.done));
  }

  /** Commits what is queued and refuses new work. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    for (const client of this.spare) this.release(client);
    this.spare = [];
  }

  private add<T>(channel: BatchChannel<T>, items: readonly T[]): void {
    if (this.closed) throw new Error('batch committer is closed');
    this.oldestAt ??= performance.now();
    const key = channel as BatchChannel<unknown>;
    let list = this.pending.get(key);
    if (!list) {
      list = [];
      this.pending.set(key, list);
      if (!key.statement) this.pendingExclusive = true;
    }
    for (const item of items) list.push(item);
    this.count += items.length;
  }

  /** Whether the queued batch may be written now, next to what is in flight. */
  private canStart(): boolean {
    const n = this.inFlight.length;
    if (n === 0) return true;
    if (this.pendingExclusive || n >= (this.deps.parallel ?? PARALLEL_BATCHES)) return false;
    return this.inFlight.every((b) => !b.exclusive);
  }

  private schedule(): void {
    if (this.count === 0 && !this.outcome) return;
    // A batch that cannot go yet is scheduled again when one in flight is done.
    if (!this.canStart()) return;
    if (this.count >= (this.deps.maxItems ?? 20_000)) {
      this.start();
      return;
    }
    if (!this.timer) {
      // The interval counts from when the oldest row arrived: rows that queued up while the previous batch
      // was being written have waited already, and go as soon as that batch is done.
      const delay = (this.oldestAt ?? performance.now()) + this.deps.intervalMs - performance.now();
      if (delay <= 0) {
        this.start();
        return;
      }
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.canStart()) this.start();
      }, delay);
    }
  }

  private clearTimer(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** Takes what is queued as one batch and writes it. */
  private start(): void {
    this.clearTimer();
    const batch = this.pending;
    const outcome = this.outcome;
    const items = this.count;
    const flight: InFlight = { exclusive: this.pendingExclusive, done: Promise.resolve() };
    this.pending = new Map();
    this.pendingExclusive = false;
    this.outcome = undefined;
    this.count = 0;
    this.oldestAt = undefined;
    this.inFlight.push(flight);
    flight.done = this.commitBatch(batch, outcome, items).finally(() => {
      this.inFlight.splice(this.inFlight.indexOf(flight), 1);
      this.schedule();
    });
  }

  private async commitBatch(batch: Map<BatchChannel<unknown>, unknown[]>, outcome: BatchOutcome | undefined, items: number): Promise<void> {
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
          outcome?.reject(error as Error);
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
    outcome?.resolve();
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
    // In a fixed order (by name), so a batch of the same channels is the same statement text each time.
    const channels = batch.size === 1 ? [...batch] : [...batch].sort(([a], [b]) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const [channel, items] of channels) {
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
    const client = this.spare.pop() ?? (await this.connect());
    step('connect');
    try {
      if (rest.length > 0) {
        await client.query('begin');
        step('begin');
      }
      if (statements.length > 0) {
        const merged = mergeStatements(statements);
        await client.query({ text: merged.sql, values: merged.params, name: this.statementName(merged.sql) });
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
      if (rest.length > 0 && this.held.has(client)) await client.query('rollback').catch(() => undefined);
      this.drop(client, error as Error);
      throw error;
    }
    if (this.held.has(client)) this.spare.push(client);
  }

  /**
   * The prepared-statement name of a batch statement: the few statement texts batches are made of are
   * parsed and planned once per connection, not with every batch. Texts beyond the first
   * `PREPARED_LIMIT` run unnamed (each connection keeps its prepared statements until it closes).
   */
  private statementName(sql: string): string | undefined {
    let name = this.prepared.get(sql);
    if (name === undefined && this.prepared.size < PREPARED_LIMIT) this.prepared.set(sql, (name = `cw_batch_${this.prepared.size + 1}`));
    return name;
  }

  /** A connection for one batch; a connection that fails is discarded and a new one taken next time. */
  private async connect(): Promise<pg.PoolClient> {
    const client = await this.deps.pool.connect();
    this.held.add(client);
    client.on('error', (error: Error) => this.drop(client, error));
    return client;
  }

  private drop(client: pg.PoolClient, error: Error): void {
    if (!this.held.delete(client)) return;
    const i = this.spare.indexOf(client);
    if (i >= 0) this.spare.splice(i, 1);
    client.release(error);
  }

  /** Hands a kept connection back to the pool (after close). */
  private release(client: pg.PoolClient): void {
    if (this.held.delete(client)) client.release();
  }
}
