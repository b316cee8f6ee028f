import type { CostLine as BillLine, SessionCost } from '../billing/index.js';
import type { ReportCostLine, SessionReportRow } from './reports.js';
import type { ReportDbRow } from './session-report-repository.js';

const MASK = '••••';

/**
 * An id token with all but its last characters hidden: the last 4, and never more than half of it,
 * so a short PIN is not given away whole.
 */
export function maskToken(token: string | null): string | null {
  if (token === null) return null;
  const shown = Math.min(4, Math.floor(token.length / 2));
  return `${MASK}${shown > 0 ? token.slice(-shown) : ''}`;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A stored final cost as report lines: each tariff component, then VAT (with its rate as quantity, %),
 * so the lines add up to the total. The stored JSON is read defensively: what it cannot read gives null.
 */
export function costLines(cost: unknown): ReportCostLine[] | null {
  const c = cost as Partial<SessionCost> | null | undefined;
  if (typeof c !== 'object' || c === null || !Array.isArray(c.breakdown)) return null;
  const lines: ReportCostLine[] = [];
  for (const l of c.breakdown as unknown[]) {
    const line = l as Partial<BillLine> | null;
    if (typeof line?.component !== 'string' || !finite(line.amount)) continue;
    lines.push({ component: line.component, amount: line.amount, quantity: finite(line.quantity) ? line.quantity : null, unit: typeof line.unit === 'string' ? line.unit : null });
  }
  if (finite(c.vat) && c.vat !== 0) lines.push({ component: 'vat', amount: c.vat, quantity: finite(c.vatPercent) ? c.vatPercent : null, unit: '%' });
  return lines.length > 0 ? lines : null;
}

/** A report row from the database row; a running session's duration runs to `nowMs`. */
export function presentReportRow(r: ReportDbRow, nowMs: number): SessionReportRow {
  const startMs = r.started_ms;
  const endMs = r.stopped_ms ?? (r.state === 'active' ? nowMs : (r.last_sample_ms ?? r.started_ms));
  const durationS = Math.max(0, Math.round((endMs - startMs) / 1000));
  return {
    sessionId: r.id,
    stationId: r.station_id,
    stationName: r.station_name,
    evseId: r.evse_id,
    connectorId: r.connector_id,
    siteId: r.site_id,
    siteName: r.site_name,
    address: r.address,
    idTokenMasked: maskToken(r.id_token),
    user: r.token_label,
    state: r.state,
    startedAt: new Date(r.started_ms).toISOString(),
    stoppedAt: r.stopped_ms === null ? null : new Date(r.stopped_ms).toISOString(),
    durationS,
    energyWh: r.energy_wh,
    peakPowerW: r.peak_power_w,
    averagePowerW: durationS > 0 ? Math.round((r.energy_wh * 3600) / durationS) : null,
    stopReason: r.stop_reason,
    meterStartWh: r.meter_start_wh,
    meterStopWh: r.meter_stop_wh,
    costTotal: r.cost_total,
    currency: r.currency,
    costBreakdown: costLines(r.cost),
  };
}
