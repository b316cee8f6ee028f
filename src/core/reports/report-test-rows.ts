import type { SessionReportRow } from './reports.js';

/** A complete report row for writer tests, with overrides. */
export function sampleRow(over: Partial<SessionReportRow> = {}): SessionReportRow {
  return {
    sessionId: 7, stationId: 'CP-1', stationName: 'Car park 1', evseId: 1, connectorId: 2, siteId: null, siteName: 'Depot',
    address: '1 Main St, Springfield', idTokenMasked: '••••1234', user: 'Ann Driver', state: 'completed',
    startedAt: '2026-01-01T10:00:00.000Z', stoppedAt: '2026-01-01T11:30:00.000Z', durationS: 5_400, energyWh: 16_500,
    peakPowerW: 11_000, averagePowerW: 11_000, stopReason: 'Local', meterStartWh: 1_000_000, meterStopWh: 1_016_500,
    costTotal: 5.95, currency: 'EUR',
    costBreakdown: [{ component: 'energy', amount: 4, quantity: 16.5, unit: 'kWh' }, { component: 'session_fee', amount: 1, quantity: 1, unit: null }, { component: 'vat', amount: 0.95, quantity: 19, unit: '%' }],
    ...over,
  };
}
