import { describe, expect, it } from 'vitest';
import { costLines, maskToken, presentReportRow } from './report-row.js';
import type { ReportDbRow } from './session-report-repository.js';

describe('maskToken', () => {
  it('shows only the last 4 characters', () => {
    expect(maskToken('04A1B2C3D41234')).toBe('••••1234');
    expect(maskToken('12345678')).toBe('••••5678');
  });

  it('never shows more than half of a short token', () => {
    expect(maskToken('1234')).toBe('••••34');
    expect(maskToken('123')).toBe('••••3');
    expect(maskToken('1')).toBe('••••');
    expect(maskToken(null)).toBeNull();
  });
});

describe('costLines', () => {
  const cost = {
    currency: 'EUR', net: 5, vat: 0.95, total: 5.95, vatPercent: 19, tariffId: 't', tariffName: 'Standard', tariffVersion: 1, final: true, computedAt: '2026-01-01T12:00:00Z',
    breakdown: [
      { component: 'energy', quantity: 12.5, unit: 'kWh', amount: 3.75, parts: [] },
      { component: 'charging_time', quantity: 25, unit: 'min', amount: 1.25, parts: [] },
    ],
  };

  it('lists each tariff component, then VAT, adding up to the total', () => {
    const lines = costLines(cost)!;
    expect(lines).toEqual([
      { component: 'energy', amount: 3.75, quantity: 12.5, unit: 'kWh' },
      { component: 'charging_time', amount: 1.25, quantity: 25, unit: 'min' },
      { component: 'vat', amount: 0.95, quantity: 19, unit: '%' },
    ]);
    expect(lines.reduce((sum, l) => sum + l.amount, 0)).toBeCloseTo(cost.total, 10);
    expect(costLines({ ...cost, vat: 0 })).toHaveLength(2);
  });

  it('gives null for no cost or a shape it cannot read, and skips unreadable lines', () => {
    expect(costLines(null)).toBeNull();
    expect(costLines(undefined)).toBeNull();
    expect(costLines('3 EUR')).toBeNull();
    expect(costLines({ total: 3 })).toBeNull();
    expect(costLines({ breakdown: [{ component: 'energy' }, { component: 'session_fee', amount: 1 }] })).toEqual([{ component: 'session_fee', amount: 1, quantity: null, unit: null }]);
  });
});

const base: ReportDbRow = {
  id: 1, station_id: 'CP-1', station_name: null, evse_id: 1, connector_id: 1, site_id: null, site_name: null, address: null, site_timezone: null,
  id_token: 'ABCDEF99', token_label: 'Ann', state: 'completed', started_ms: Date.parse('2026-01-01T10:00:00Z'), stopped_ms: Date.parse('2026-01-01T12:00:00Z'),
  last_sample_ms: null, energy_wh: 22_000, meter_start_wh: 100, meter_stop_wh: 22_100, stop_reason: 'Local', cost_total: null, currency: null, cost: null, peak_power_w: 11_500,
};

describe('presentReportRow', () => {
  it('derives duration and average power, masks the token', () => {
    const row = presentReportRow(base, Date.parse('2026-02-01T00:00:00Z'));
    expect(row).toMatchObject({ startedAt: '2026-01-01T10:00:00.000Z', stoppedAt: '2026-01-01T12:00:00.000Z', sessionId: 1, durationS: 7_200, averagePowerW: 11_000, peakPowerW: 11_500, idTokenMasked: '••••EF99', user: 'Ann', costTotal: null, costBreakdown: null });
  });

  it('runs a live session to now, and has no average without duration', () => {
    const live = presentReportRow({ ...base, state: 'active', stopped_ms: null }, Date.parse('2026-01-01T10:30:00Z'));
    expect(live.durationS).toBe(1_800);
    const instant = presentReportRow({ ...base, stopped_ms: base.started_ms }, 0);
    expect(instant.averagePowerW).toBeNull();
  });
});
