import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ReadingSample } from '../sessions/index.js';
import type { SessionCost, TariffSnapshot } from './billing.js';

/** What billing reads of a session: its span, energy, tariff snapshot and stored cost. */
export interface BillingRow {
  id: number;
  stationId: string;
  idToken: string | null;
  state: 'active' | 'completed';
  startedAt: Date;
  stoppedAt: Date | null;
  energyWh: number;
  meterStartWh: number | null;
  tariff: TariffSnapshot | null;
  tariffAt: Date | null;
  cost: SessionCost | null;
}

/** The billing columns of some sessions. */
export async function billingRows(db: Kysely<Database>, ids: readonly number[]): Promise<BillingRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('sessions')
    .select(['id', 'station_id', 'id_token', 'state', 'started_at', 'stopped_at', 'energy_wh', 'meter_start_wh', 'tariff', 'tariff_at', 'cost'])
    .where('id', 'in', [...ids]).execute();
  return rows.map((r) => ({
    id: r.id, stationId: r.station_id, idToken: r.id_token, state: r.state, startedAt: r.started_at, stoppedAt: r.stopped_at, energyWh: r.energy_wh,
    meterStartWh: r.meter_start_wh, tariff: r.tariff as TariffSnapshot | null, tariffAt: r.tariff_at, cost: r.cost as SessionCost | null,
  }));
}

/** Fixes the tariff of a session (null: none applied), once: a later call changes nothing and returns false. */
export async function writeSnapshot(db: Kysely<Database>, id: number, snapshot: TariffSnapshot | null, at: Date): Promise<boolean> {
  const res = await db.updateTable('sessions')
    .set({ tariff_id: snapshot?.id ?? null, tariff_version: snapshot?.version ?? null, tariff: snapshot ? JSON.stringify(snapshot) : null, tariff_at: at })
    .where('id', '=', id).where('tariff_at', 'is', null).executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Writes a session's final cost, once: returns false when it was written already. */
export async function writeFinalCost(trx: Kysely<Database>, id: number, cost: SessionCost): Promise<boolean> {
  const res = await trx.updateTable('sessions')
    .set({ cost: JSON.stringify(cost), cost_total: cost.total, currency: cost.currency })
    .where('id', '=', id).where('cost', 'is', null).executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

const ENERGY = ['Energy.Active.Import.Register', 'Energy.Active.Import.Interval'];

/** A session's stored energy samples, oldest first, as the meter arithmetic reads them. */
export async function energySamples(db: Kysely<Database>, sessionId: number): Promise<ReadingSample[]> {
  const rows = await db.selectFrom('meter_samples').select(['at', 'measurand', 'phase', 'location', 'value'])
    .where('session_id', '=', sessionId).where('measurand', 'in', ENERGY).where('value', 'is not', null)
    .orderBy('at').orderBy('measurand').orderBy('phase', (ob) => ob.nullsFirst()).execute();
  return rows.map((r) => ({ atMs: r.at.getTime(), measurand: r.measurand, phase: r.phase, location: r.location, value: r.value }));
}
