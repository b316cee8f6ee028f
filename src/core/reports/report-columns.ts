import type { SessionReportRow } from './reports.js';

/** How a column's values are written: CSV formats them as text, XLSX keeps numbers and times typed. */
export type ColumnKind = 'text' | 'integer' | 'kwh' | 'kw' | 'money' | 'time';

/** One column of the session report, shared by every export format. */
export interface ReportColumn {
  key: string;
  header: string;
  kind: ColumnKind;
  /** Width in characters for spreadsheets. */
  width: number;
  value(row: SessionReportRow): string | number | null;
}

const kwh = (wh: number | null): number | null => (wh === null ? null : wh / 1000);

/** The cost parts as one cell, e.g. "energy (12.5 kWh) 3.75; vat (19 %) 0.71". */
export function breakdownText(row: SessionReportRow): string | null {
  if (!row.costBreakdown) return null;
  return row.costBreakdown.map((l) => `${l.component}${l.quantity === null ? '' : ` (${l.quantity}${l.unit ? ` ${l.unit}` : ''})`} ${l.amount}`).join('; ');
}

/** The session report's columns, in order. Energy in kWh and power in kW: what people read in spreadsheets. */
export const SESSION_REPORT_COLUMNS: readonly ReportColumn[] = [
  { key: 'session_id', header: 'Session', kind: 'integer', width: 10, value: (r) => r.sessionId },
  { key: 'station_id', header: 'Station', kind: 'text', width: 18, value: (r) => r.stationId },
  { key: 'station_name', header: 'Station name', kind: 'text', width: 22, value: (r) => r.stationName },
  { key: 'evse_id', header: 'EVSE', kind: 'integer', width: 6, value: (r) => r.evseId },
  { key: 'connector_id', header: 'Connector', kind: 'integer', width: 10, value: (r) => r.connectorId },
  { key: 'site', header: 'Site', kind: 'text', width: 22, value: (r) => r.siteName },
  { key: 'address', header: 'Address', kind: 'text', width: 30, value: (r) => r.address },
  { key: 'id_token', header: 'Id token', kind: 'text', width: 12, value: (r) => r.idTokenMasked },
  { key: 'user', header: 'User', kind: 'text', width: 20, value: (r) => r.user },
  { key: 'state', header: 'State', kind: 'text', width: 10, value: (r) => r.state },
  { key: 'started_at', header: 'Start (UTC)', kind: 'time', width: 20, value: (r) => r.startedAt },
  { key: 'stopped_at', header: 'Stop (UTC)', kind: 'time', width: 20, value: (r) => r.stoppedAt },
  { key: 'duration_s', header: 'Duration (s)', kind: 'integer', width: 12, value: (r) => r.durationS },
  { key: 'energy_kwh', header: 'Energy (kWh)', kind: 'kwh', width: 13, value: (r) => kwh(r.energyWh) },
  { key: 'peak_power_kw', header: 'Peak power (kW)', kind: 'kw', width: 15, value: (r) => kwh(r.peakPowerW) },
  { key: 'average_power_kw', header: 'Average power (kW)', kind: 'kw', width: 18, value: (r) => kwh(r.averagePowerW) },
  { key: 'stop_reason', header: 'Stop reason', kind: 'text', width: 16, value: (r) => r.stopReason },
  { key: 'meter_start_kwh', header: 'Meter start (kWh)', kind: 'kwh', width: 17, value: (r) => kwh(r.meterStartWh) },
  { key: 'meter_stop_kwh', header: 'Meter stop (kWh)', kind: 'kwh', width: 17, value: (r) => kwh(r.meterStopWh) },
  { key: 'cost_total', header: 'Cost', kind: 'money', width: 10, value: (r) => r.costTotal },
  { key: 'currency', header: 'Currency', kind: 'text', width: 9, value: (r) => r.currency },
  { key: 'cost_breakdown', header: 'Cost breakdown', kind: 'text', width: 30, value: breakdownText },
];
