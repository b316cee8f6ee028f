import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AssignableUser, IncidentCounts, IncidentDetailView, IncidentView, Page, Role, StationHealthItem } from '../../http/api-types.js';
import { ValidationError } from '../shared/app-error.js';
import type { Clock } from '../shared/clock.js';
import { decodeCursor, encodeCursor } from '../shared/pagination.js';
import { SEVERITIES, type IncidentState, type IncidentSummary, type RuleDefinition, type Severity } from './alerts.js';
import type { IncidentService } from './incident-service.js';
import { toIncidentSummary } from './incident-repository.js';
import {
  countIncidents, countUnresolved, queryAssignableUsers, queryIncidents, queryStationHealth, userName, type IncidentCursor, type StationHealthCursor,
} from './incident-query-repository.js';

/** What the incident queries need besides the database: rule names and stations' live facts. */
export interface IncidentQueriesDeps {
  db: Kysely<Database>;
  clock: Clock;
  incidents: Pick<IncidentService, 'detail'>;
  rules: { definition(key: string): RuleDefinition | undefined };
  station(id: string): { name: string | null; online: boolean; siteId: string | null } | undefined;
  /** Stations' uptime % over [from, to) (the uptime ledger's roll-up); absent: the health list shows none. */
  uptime?: (stationIds: string[], from: Date, to: Date) => Promise<Map<string, number | null>>;
}

/** Incident list filters as the API takes them (lists still comma-separated). */
export interface IncidentListQuery {
  state?: string;
  severity?: string;
  siteId?: string;
  stationId?: string;
  ruleKey?: string;
  assigneeId?: string;
  cursor?: string;
  limit: number;
}

const STATES: readonly IncidentState[] = ['open', 'acknowledged', 'resolved'];
const COUNT_CAP = 10_000;
const HEALTH_DAYS = 30;

const isIncidentCursor = (v: unknown): v is IncidentCursor => {
  const c = v as IncidentCursor;
  return typeof c === 'object' && c !== null && Number.isInteger(c.r) && typeof c.t === 'string' && !Number.isNaN(Date.parse(c.t)) && Number.isInteger(c.id);
};
const isHealthCursor = (v: unknown): v is StationHealthCursor => {
  const c = v as StationHealthCursor;
  return typeof c === 'object' && c !== null && Number.isInteger(c.w) && Number.isInteger(c.n) && typeof c.s === 'string';
};

function list<T extends string>(field: string, text: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (text === undefined) return undefined;
  const values = text.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
  for (const v of values) if (!allowed.includes(v as T)) throw new ValidationError(`${field}: ${v} is not one of ${allowed.join(', ')}`, { [field]: v });
  return values as T[];
}

/** Reads incidents for the API: filtered, paged lists, counts, details with names, and the station health list. */
export class IncidentQueries {
  constructor(private readonly deps: IncidentQueriesDeps) {}

  /** Incidents, worst severity first and then oldest first; unresolved ones unless `state` says otherwise. */
  async list(q: IncidentListQuery): Promise<Page<IncidentView>> {
    const after = q.cursor !== undefined ? decodeCursor(q.cursor, isIncidentCursor) : undefined;
    const filter = {
      states: list('state', q.state, STATES) ?? ['open', 'acknowledged'], severities: list('severity', q.severity, SEVERITIES),
      siteId: q.siteId, stationId: q.stationId, ruleKey: q.ruleKey, assigneeId: q.assigneeId, limit: q.limit,
    };
    const [rows, total] = await Promise.all([queryIncidents(this.deps.db, { ...filter, after }), countIncidents(this.deps.db, filter, COUNT_CAP)]);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => this.view(toIncidentSummary(r), r.assignee_name)),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ r: last.severity_rank, t: last.first_seen_at.toISOString(), id: Number(last.id) } satisfies IncidentCursor) : null,
      total: Math.min(total, COUNT_CAP), ...(total > COUNT_CAP ? { totalIsEstimate: true } : {}),
    };
  }

  /** One incident with its timeline. */
  async detail(id: number): Promise<IncidentDetailView> {
    const { incident, timeline } = await this.deps.incidents.detail(id);
    return { incident: await this.present(incident), timeline };
  }

  /** An incident with the names the API shows. */
  async present(incident: IncidentSummary): Promise<IncidentView> {
    return this.view(incident, incident.assigneeId !== null ? await userName(this.deps.db, incident.assigneeId) : null);
  }

  /** Unresolved incidents by state and severity. */
  async counts(): Promise<IncidentCounts> {
    const zero = (): Record<Severity, number> => ({ info: 0, warning: 0, critical: 0 });
    const counts: IncidentCounts = { open: zero(), acknowledged: zero(), openTotal: 0 };
    for (const row of await countUnresolved(this.deps.db)) {
      if (row.state === 'resolved') continue;
      counts[row.state][row.severity] += row.n;
      if (row.state === 'open') counts.openTotal += row.n;
    }
    return counts;
  }

  /** Stations with an unresolved incident or one in the last 30 days, worst first, with their uptime over those 30 days. */
  async stationHealth(q: { siteId?: string; stationId?: string; cursor?: string; limit: number }): Promise<Page<StationHealthItem>> {
    const after = q.cursor !== undefined ? decodeCursor(q.cursor, isHealthCursor) : undefined;
    const since = new Date(this.deps.clock.nowMs() - HEALTH_DAYS * 86_400_000);
    const rows = await queryStationHealth(this.deps.db, { since, siteId: q.siteId, stationId: q.stationId, limit: q.limit, after });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    // One ledger computation for the whole page, not one request per row.
    const uptime = this.deps.uptime && page.length > 0 ? await this.deps.uptime(page.map((r) => r.station_id), since, this.deps.clock.now()) : undefined;
    return {
      items: page.map((r) => {
        const live = this.deps.station(r.station_id);
        return {
          stationId: r.station_id, stationName: live?.name ?? null, siteId: live?.siteId ?? null, online: live ? live.online : null,
          openIncidents: r.open_count, worstSeverity: r.worst_rank >= 0 ? SEVERITIES[r.worst_rank]! : null,
          lastFaultAt: r.last_fault_at ? r.last_fault_at.toISOString() : null, incidents30d: r.recent_count, uptime30d: uptime?.get(r.station_id) ?? null,
        };
      }),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ w: last.worst_rank, n: last.open_count, s: last.station_id } satisfies StationHealthCursor) : null,
      total: page[0]?.total ?? 0,
    };
  }

  /** Users who may be assigned incidents (and tickets). */
  async assignableUsers(): Promise<AssignableUser[]> {
    return (await queryAssignableUsers(this.deps.db)).map((u) => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role as Role }));
  }

  private view(incident: IncidentSummary, assigneeName: string | null): IncidentView {
    const stationName = incident.stationId !== null ? this.deps.station(incident.stationId)?.name ?? null : null;
    return { ...incident, ruleName: this.deps.rules.definition(incident.ruleKey)?.name ?? incident.ruleKey, stationName, assigneeName };
  }
}
