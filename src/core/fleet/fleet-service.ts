import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { FleetSummaryView, PowerHistory as PowerHistoryView } from '../../http/api-types.js';
import type { LiveView } from '../live/index.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { completedEnergySince, loadPower, prunePower, savePower } from './fleet-repository.js';
import { PowerHistory } from './power-history.js';

/** What the fleet service reads from. */
export interface FleetServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  live: Pick<LiveView, 'summary' | 'needingAttention' | 'activeSessions' | 'session'>;
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
  /** Completed sessions' energy today as last queried, and the energy last seen of each session running since. */
  private energy: { dayMs: number; atMs: number; completedWh: Promise<number>; running: Map<number, number> } | undefined;
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

  /**
   * Energy of the sessions started since midnight UTC: the completed ones from one query per few seconds at
   * most, the running ones from the live view (current, where their rows hold a checkpoint). A session that
   * completed since the query counts with the energy it was last seen with until the next query.
   */
  private async energyToday(): Promise<number> {
    const now = this.deps.clock.nowMs();
    const dayMs = Math.floor(now / DAY_MS) * DAY_MS;
    const startedToday = (startedAt: string) => Date.parse(startedAt) >= dayMs;
    let cached = this.energy;
    if (!cached || cached.dayMs !== dayMs || now - cached.atMs >= (this.deps.settings?.energyCacheMs ?? 5_000)) {
      const running = new Map<number, number>();
      for (const s of this.deps.live.activeSessions()) if (startedToday(s.startedAt)) running.set(s.id, s.energyWh);
      const completedWh = completedEnergySince(this.deps.db, new Date(dayMs));
      const fresh = { dayMs, atMs: now, completedWh, running };
      this.energy = cached = fresh;
      completedWh.catch(() => {
        if (this.energy === fresh) this.energy = undefined;
      });
    }
    const { running } = cached;
    let wh = await cached.completedWh;
    for (const s of this.deps.live.activeSessions()) {
      if (!startedToday(s.startedAt)) continue;
      wh += s.energyWh;
      running.set(s.id, s.energyWh);
    }
    for (const [id, energyWh] of running) if (!this.deps.live.session(id)) wh += energyWh;
    return wh;
  }
}
