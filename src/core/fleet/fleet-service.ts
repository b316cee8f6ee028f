import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { FleetSummaryView, PowerHistory as PowerHistoryView } from '../../http/api-types.js';
import type { LiveView } from '../live/index.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { energySince, loadPower, prunePower, savePower } from './fleet-repository.js';
import { PowerHistory } from './power-history.js';

/** What the fleet service reads from. */
export interface FleetServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  live: Pick<LiveView, 'summary' | 'needingAttention' | 'activeSessions'>;
  settings?: { sampleIntervalMs?: number; energyCacheMs?: number; attentionLimit?: number; retentionDays?: number };
}

const DAY_MS = 86_400_000;
/** The power chart reaches back at most this far (and so much is kept in memory: 10,080 points). */
export const MAX_POWER_HOURS = 168;

/**
 * The fleet overview: counts and power from the live view, today's energy from one cached aggregate query,
 * and fleet power per minute (sampled from the live view, kept in memory and stored so a restart keeps it).
 */
export class FleetService {
  private readonly history = new PowerHistory(MAX_POWER_HOURS * 60);
  private energy: { dayMs: number; atMs: number; wh: Promise<number> } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: FleetServiceDeps) {}

  /** Loads stored power history and starts sampling fleet power. */
  async start(): Promise<void> {
    const now = this.deps.clock.nowMs();
    await prunePower(this.deps.db, new Date(now - (this.deps.settings?.retentionDays ?? 30) * DAY_MS));
    this.history.load(await loadPower(this.deps.db, new Date(now - MAX_POWER_HOURS * 3_600_000)));
    this.timer = setInterval(() => this.sample(), this.deps.settings?.sampleIntervalMs ?? 10_000);
    this.timer.unref();
    this.sample();
  }

  /** Stops sampling. */
  stop(): void {
    clearInterval(this.timer);
  }

  /** Takes one power sample now; a completed minute is stored. */
  sample(): void {
    let powerW = 0;
    for (const s of this.deps.live.activeSessions()) powerW += s.powerW ?? 0;
    const completed = this.history.add(this.deps.clock.nowMs(), powerW);
    if (!completed) return;
    savePower(this.deps.db, completed).catch((error: Error) => this.deps.logger.warn({ err: error.message }, 'fleet power write failed'));
  }

  /** Fleet power per minute over the last `hours`. */
  power(hours: number): PowerHistoryView {
    const h = Math.min(Math.max(hours, 1 / 60), MAX_POWER_HOURS);
    return { points: this.history.since(this.deps.clock.nowMs() - h * 3_600_000) };
  }

  /** The fleet at a glance, from counts and an attention list the live view keeps current (O(running sessions), not O(connectors)). */
  async summary(): Promise<FleetSummaryView> {
    const base = this.deps.live.summary();
    return {
      ...base,
      onlinePercent: base.stations === 0 ? 0 : Math.round((base.online / base.stations) * 1000) / 10,
      energyTodayWh: await this.energyToday(),
      attention: this.deps.live.needingAttention(this.deps.settings?.attentionLimit ?? 100),
    };
  }

  /** Energy of the sessions started since midnight UTC; one query per few seconds at most. */
  private energyToday(): Promise<number> {
    const now = this.deps.clock.nowMs();
    const dayMs = Math.floor(now / DAY_MS) * DAY_MS;
    const cached = this.energy;
    if (cached && cached.dayMs === dayMs && now - cached.atMs < (this.deps.settings?.energyCacheMs ?? 5_000)) return cached.wh;
    const wh = energySince(this.deps.db, new Date(dayMs));
    this.energy = { dayMs, atMs: now, wh };
    wh.catch(() => {
      if (this.energy?.wh === wh) this.energy = undefined;
    });
    return wh;
  }
}
