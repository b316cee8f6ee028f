import type { Kysely } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { CommandLogEntry, CommandRequest, CommandResult, Page } from '../../http/api-types.js';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { pageLimit } from '../shared/pagination.js';
import { insertCommandLog, queryCommandLog, stationExists } from './command-log-repository.js';
import type { CommandAnswer, StationCommands, TriggerableMessage } from './commands.js';

/** What the command service is built from; narrow views of the session and station services. */
export interface CommandServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  /** Told of every command's outcome as a `station.command` event (bus only; command_log is the record). */
  bus?: Bus;
  commands: StationCommands;
  sessions: { get(id: number): Promise<{ stationId: string; transactionRef: string; state: string }> };
  /** Keeps a 1.6 station's reported configuration for its detail page. */
  configuration: { rememberConfiguration(stationId: string, entries: readonly { key: string; value: string | null; readonly: boolean }[]): Promise<void> };
  /** The protocol a station speaks, as last seen. */
  protocolOf(stationId: string): string | null | undefined;
  /** Told of every command's outcome (metrics). */
  onResult?(command: string, ok: boolean): void;
}

type Outcome = Omit<CommandResult, 'id' | 'durationMs'>;

/**
 * The `station.command` event of one command sent: the request, the station's status word (null when it
 * failed: offline, timeout, CALLERROR) and the error. Alert rules read it (operator-made availability,
 * rejected remote starts).
 */
export function commandEvent(at: Date, stationId: string, request: CommandRequest, outcome: { status: string | null; error: string | null; sentBy: string }): DomainEvent {
  return { type: 'station.command', at: at.toISOString(), stationId, data: { command: request.command, request: { ...request }, ...outcome } };
}

/**
 * Operator commands to stations: runs a CommandRequest through the version-neutral StationCommands, waits for
 * the station's real answer, and records every attempt (who, what, the answer or the error, how long) in
 * the command log, failures included.
 */
export class CommandService {
  constructor(private readonly deps: CommandServiceDeps) {}

  /** Sends a command and returns the station's answer; failures are AppErrors (504 offline/timeout, 502 CALLERROR). */
  async run(stationId: string, request: CommandRequest, sentBy: string): Promise<CommandResult> {
    if (!(await stationExists(this.deps.db, stationId))) throw new NotFoundError('station', stationId);
    const sentAt = this.deps.clock.now();
    const startMs = this.deps.clock.nowMs();
    let outcome: Outcome;
    try {
      outcome = await this.execute(stationId, request);
    } catch (error) {
      const durationMs = this.deps.clock.nowMs() - startMs;
      const message = error instanceof AppError ? `${error.code}: ${error.message}` : (error as Error).message;
      await this.log({ stationId, request, status: null, error: message, sentBy, sentAt, durationMs });
      this.deps.bus?.publish(commandEvent(this.deps.clock.now(), stationId, request, { status: null, error: message, sentBy }));
      this.deps.onResult?.(request.command, false);
      throw error;
    }
    const durationMs = this.deps.clock.nowMs() - startMs;
    const id = await this.log({ stationId, request, status: outcome.status, error: null, sentBy, sentAt, durationMs });
    this.deps.bus?.publish(commandEvent(this.deps.clock.now(), stationId, request, { status: outcome.status, error: null, sentBy }));
    this.deps.onResult?.(request.command, true);
    return { id: id ?? '', ...outcome, durationMs };
  }

  /** A page of the station's command log, newest first. */
  async history(stationId: string, q: { cursor?: string; limit?: number }): Promise<Page<CommandLogEntry>> {
    if (q.cursor !== undefined && !/^\d{1,19}$/.test(q.cursor)) throw new ValidationError('invalid cursor', { cursor: q.cursor });
    const limit = pageLimit(q.limit, 50);
    const { rows, total } = await queryCommandLog(this.deps.db, stationId, { beforeId: q.cursor, limit });
    const items = rows.slice(0, limit);
    return { items, total, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
  }

  private async log(v: { stationId: string; request: CommandRequest; status: string | null; error: string | null; sentBy: string; sentAt: Date; durationMs: number }): Promise<string | undefined> {
    try {
      return await insertCommandLog(this.deps.db, { ...v, command: v.request.command, request: { ...v.request } });
    } catch (error) {
      // The station already acted: losing the log line must not turn its answer into a failure.
      this.deps.logger.error({ stationId: v.stationId, command: v.request.command, err: (error as Error).message }, 'command log write failed');
      return undefined;
    }
  }

  private async execute(id: string, r: CommandRequest): Promise<Outcome> {
    const c = this.deps.commands;
    const plain = (a: CommandAnswer): Outcome => ({ status: a.status, raw: a.raw });
    switch (r.command) {
      case 'reset':
        return plain(await c.reset(id, r.kind));
      case 'remote-start':
        return plain(await c.remoteStart(id, { idToken: r.idToken, ...(r.evseId !== undefined ? { evseId: r.evseId } : {}), ...(r.connectorId !== undefined ? { connectorId: r.connectorId } : {}) }));
      case 'remote-stop': {
        const session = await this.deps.sessions.get(r.sessionId);
        if (session.stationId !== id) throw new ValidationError(`session ${r.sessionId} is not on station ${id}`, { sessionId: r.sessionId });
        if (session.state !== 'active') throw new ConflictError(`session ${r.sessionId} is not running`, { sessionId: r.sessionId });
        return plain(await c.remoteStop(id, session.transactionRef));
      }
      case 'unlock':
        return plain(await c.unlockConnector(id, r.evseId, r.connectorId));
      case 'availability':
        return plain(await c.changeAvailability(id, r.availability, r.evseId, r.connectorId));
      case 'get-configuration': {
        const answer = await c.getConfiguration(id, r.keys);
        const configuration = answer.entries.map((e) => ({ key: e.key, value: e.value, readonly: e.readonly }));
        if (this.deps.protocolOf(id) === '1.6') await this.deps.configuration.rememberConfiguration(id, configuration);
        return { status: 'Accepted', raw: answer.raw, configuration, unknownKeys: answer.unknownKeys };
      }
      case 'change-configuration': {
        const [answer] = await c.changeConfiguration(id, [{ key: r.key, value: r.value }]);
        return plain(answer ?? { status: 'Missing', raw: {} });
      }
      case 'trigger':
        return plain(await c.triggerMessage(id, r.message as TriggerableMessage, r.evseId, r.connectorId));
      case 'clear-cache':
        return plain(await c.clearCache(id));
      case 'data-transfer':
        return plain(await c.dataTransfer(id, r.vendorId, r.messageId, r.data));
    }
  }
}
