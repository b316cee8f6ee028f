import type { DomainEvent } from '../../bus/bus.js';
import { withEvents } from '../shared/with-events.js';
import type { BillingDeps, SessionCost, TariffSnapshot } from './billing.js';
import { toMajor } from './money.js';
import { billingRows, energySamples, writeFinalCost, writeSnapshot, type BillingRow } from './session-billing-repository.js';
import { priceSession, type PricedCost } from './tariff-pricing.js';
import type { TariffService } from './tariffs-service.js';
import { usagePoints } from './usage.js';

/** Above this power a running session counts as charging since its last reading ("power ≈ 0" below it). */
export const CHARGING_POWER_W = 50;

/** A session to price; a running one's live energy and power (else the stored energy is used). */
export interface CostQuery {
  id: number;
  energyWh?: number;
  powerW?: number | null;
}

/** A priced session in the API's terms (major units). */
export function presentCost(p: PricedCost, tariff: TariffSnapshot, final: boolean, at: Date): SessionCost {
  const major = (minor: number) => toMajor(minor, p.decimals);
  return {
    currency: p.currency, net: major(p.netMinor), vat: major(p.vatMinor), total: major(p.totalMinor), vatPercent: tariff.vatPercent,
    breakdown: p.lines.map((l) => ({ component: l.component, quantity: l.quantity, unit: l.unit, amount: major(l.amountMinor), parts: l.parts })),
    tariffId: tariff.id, tariffName: tariff.name, tariffVersion: tariff.version, final, computedAt: at.toISOString(),
  };
}

/**
 * Prices sessions. Consumes `session.started` (fixes the tariff that applies then on the session) and
 * `session.stopped` (writes the final cost once and publishes `session.cost`); work for one session runs
 * in event order. Cost so far is computed on demand from the snapshot and the session's stored energy curve.
 */
export class SessionBilling {
  private readonly chains = new Map<number, Promise<void>>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: BillingDeps & { tariffs: Pick<TariffService, 'resolve'> }) {}

  /** Starts following session events. */
  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((e) => this.onEvent(e), ['session.started', 'session.stopped']);
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Resolves once the work queued so far is done (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all(this.chains.values());
  }

  /** The cost of sessions: final as stored, or so far (running, or stopped and not yet billed); null without a tariff; unknown sessions are left out. */
  async costs(queries: readonly CostQuery[]): Promise<Map<number, SessionCost | null>> {
    const out = new Map<number, SessionCost | null>();
    const rows = new Map((await billingRows(this.deps.db, queries.map((q) => q.id))).map((r) => [r.id, r]));
    await Promise.all(queries.map(async (q) => {
      const row = rows.get(q.id);
      if (!row) return;
      out.set(q.id, null);
      if (!row.tariff) return;
      if (row.cost) return void out.set(q.id, row.cost);
      try {
        out.set(q.id, await this.price(row, row.tariff, row.state === 'active' ? q : {}, false));
      } catch (error) {
        this.deps.logger.error({ sessionId: q.id, err: (error as Error).message }, 'session cost failed');
      }
    }));
    return out;
  }

  private onEvent(e: DomainEvent): void {
    const id = e.sessionId;
    if (id === undefined) return;
    this.enqueue(id, e.type === 'session.started' ? async () => void (await this.snapshot(id)) : () => this.finalize(id));
  }

  private enqueue(id: number, work: () => Promise<void>): void {
    const next = (this.chains.get(id) ?? Promise.resolve()).then(work).catch((error: Error) => {
      this.deps.logger.error({ sessionId: id, err: error.message }, 'session billing failed');
    });
    this.chains.set(id, next);
    void next.then(() => {
      if (this.chains.get(id) === next) this.chains.delete(id);
    });
  }

  /** Fixes the tariff that applies now on the session, once. */
  private async snapshot(id: number): Promise<BillingRow | undefined> {
    const row = (await billingRows(this.deps.db, [id]))[0];
    if (!row || row.tariffAt) return row;
    const tariff = await this.deps.tariffs.resolve(row.stationId, row.idToken);
    await writeSnapshot(this.deps.db, id, tariff ?? null, this.deps.clock.now());
    return (await billingRows(this.deps.db, [id]))[0];
  }

  /** Writes the final cost of a stopped session, once, and publishes `session.cost`. */
  private async finalize(id: number): Promise<void> {
    const stored = (await billingRows(this.deps.db, [id]))[0];
    if (!stored || stored.state !== 'completed' || stored.cost) return;
    if (!stored.tariffAt) this.deps.logger.warn({ sessionId: id }, 'tariff resolved at stop: the start was not seen');
    const row = stored.tariffAt ? stored : await this.snapshot(id);
    const tariff = row?.tariff;
    if (!row || !tariff) return;
    const cost = await this.price(row, tariff, {}, true);
    await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const written = await writeFinalCost(trx, id, cost);
      const event: DomainEvent = {
        type: 'session.cost', at: this.deps.clock.now().toISOString(), stationId: row.stationId, sessionId: id,
        data: { sessionId: id, currency: cost.currency, net: cost.net, vat: cost.vat, total: cost.total, tariffId: cost.tariffId, tariffVersion: cost.tariffVersion, final: true },
      };
      return { result: written, events: written ? [event] : [] };
    });
  }

  private async price(row: BillingRow, tariff: TariffSnapshot, live: { energyWh?: number; powerW?: number | null }, final: boolean): Promise<SessionCost> {
    const now = this.deps.clock.now();
    const points = usagePoints(await energySamples(this.deps.db, row.id), row.startedAt.getTime(), row.meterStartWh);
    const running = row.state === 'active';
    const priced = priceSession(tariff, {
      startMs: row.startedAt.getTime(), endMs: running ? now.getTime() : (row.stoppedAt ?? now).getTime(), points,
      energyWh: live.energyWh ?? row.energyWh, chargingAtEnd: running && (live.powerW ?? 0) > CHARGING_POWER_W,
    });
    return presentCost(priced, tariff, final, now);
  }
}
