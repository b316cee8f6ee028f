import { statementChannel } from './batch-committer.js';
import { insertColumnsStatement, toColumns, type UnnestColumn } from './unnest-insert.js';

/** One raw OCPP frame for the message log. */
export interface LoggedFrame {
  atMs: number;
  stationId: string;
  direction: 'in' | 'out';
  messageType?: number;
  messageId?: string;
  action?: string;
  text: string;
}

/** One row of the message log: a frame, and our answer when the frame is a station's CALL. */
export interface LoggedExchange extends LoggedFrame {
  answer?: { atMs: number; messageType: number; text: string };
}

const COLUMNS: readonly UnnestColumn[] = [
  ['recorded_at', 'timestamptz'], ['station_id', 'text'], ['direction', 'char'], ['message_type', 'smallint'], ['message_id', 'text'], ['action', 'text'], ['frame', 'text'],
  ['answered_at', 'timestamptz'], ['answer_type', 'smallint'], ['answer', 'text'],
];

/** Writes logged frames into the day-partitioned ocpp_messages table, in batches (one row per exchange). */
export const messageLogChannel = statementChannel<LoggedExchange>('ocpp_messages', (rows, first) =>
  insertColumnsStatement('ocpp_messages', COLUMNS, toColumns(COLUMNS, rows, (f) => [
    f.atMs, f.stationId, f.direction === 'in' ? 'i' : 'o', f.messageType ?? null, f.messageId ?? null, f.action ?? null, f.text,
    f.answer?.atMs ?? null, f.answer?.messageType ?? null, f.answer?.text ?? null,
  ]), first));

/**
 * An answer sent later than this after its CALL is logged in a row of its own. Readers look this far back
 * from a time range's start for answers inside it (`MESSAGE_PAIR_WINDOW_MS` in the log's reader).
 */
export const MESSAGE_PAIR_WINDOW_MS = 60_000;

const CALL = 2;
const CALLRESULT = 3;
const CALLERROR = 4;

/**
 * A station's CALLs awaiting our answer, oldest first. The usual one sits in a field, so holding and taking
 * it allocates nothing; more are rare (a station that does not wait for our answers) and go in a list.
 */
class HeldCalls {
  first: LoggedFrame | undefined = undefined;
  more: LoggedFrame[] | undefined = undefined;

  get size(): number {
    return (this.first ? 1 : 0) + (this.more?.length ?? 0);
  }

  add(f: LoggedFrame): void {
    if (this.first === undefined) this.first = f;
    else (this.more ??= []).push(f);
  }

  /** Removes and returns the CALL with this message id. */
  take(messageId: string): LoggedFrame | undefined {
    const first = this.first;
    if (first?.messageId === messageId) {
      this.first = this.more?.shift();
      return first;
    }
    const i = this.more ? this.more.findIndex((c) => c.messageId === messageId) : -1;
    return i < 0 ? undefined : this.more!.splice(i, 1)[0];
  }

  all(): LoggedFrame[] {
    return this.first ? [this.first, ...(this.more ?? [])] : [];
  }
}

/**
 * Turns the gateway's frames into message-log rows: a station's CALL is held until our answer to it goes
 * out, and both are written as one row (half the rows and index entries of the busiest table). Everything
 * else is written as it comes. A station's held CALLs are written alone when it disconnects before the
 * answer, and all at `flush` (shutdown).
 */
export class MessageLogWriter {
  /**
   * Station CALLs awaiting our answer, by station (one at a time per station, normally; never more than the
   * station's bounded inbound queue). A station's entry stays while it is connected. A map of message ids
   * per station built a new hash table on every answer (deleting its only entry shrank it), which lived
   * until the station's next message and so outlived young-generation collections.
   */
  private readonly held = new Map<string, HeldCalls>();

  constructor(private readonly write: (rows: LoggedExchange[]) => void) {}

  frame(f: LoggedFrame): void {
    if (f.messageId !== undefined) {
      if (f.direction === 'in' && f.messageType === CALL) {
        this.hold(f, f.messageId);
        return;
      }
      if (f.direction === 'out' && (f.messageType === CALLRESULT || f.messageType === CALLERROR)) {
        const call = this.take(f.stationId, f.messageId);
        if (call && f.atMs - call.atMs <= MESSAGE_PAIR_WINDOW_MS) {
          // The held CALL becomes the row: it is ours alone once taken (one copy fewer per message).
          (call as LoggedExchange).answer = { atMs: f.atMs, messageType: f.messageType, text: f.text };
          this.write([call]);
          return;
        }
        if (call) this.write([call]);
      }
    }
    this.write([f]);
  }

  /** Writes the station's CALLs that were never answered (it disconnected). */
  stationGone(stationId: string): void {
    const calls = this.held.get(stationId);
    if (!calls) return;
    this.held.delete(stationId);
    if (calls.size > 0) this.write(calls.all());
  }

  /** Writes every held CALL. */
  flush(): void {
    for (const stationId of [...this.held.keys()]) this.stationGone(stationId);
  }

  /** How many CALLs are held. */
  get heldCount(): number {
    let n = 0;
    for (const calls of this.held.values()) n += calls.size;
    return n;
  }

  private hold(f: LoggedFrame, messageId: string): void {
    let calls = this.held.get(f.stationId);
    if (!calls) this.held.set(f.stationId, (calls = new HeldCalls()));
    // A station that reuses a message id before our answer: the earlier CALL is written alone.
    const earlier = calls.take(messageId);
    if (earlier) this.write([earlier]);
    calls.add(f);
  }

  private take(stationId: string, messageId: string): LoggedFrame | undefined {
    return this.held.get(stationId)?.take(messageId);
  }
}
