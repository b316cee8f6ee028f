import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, SessionReportRow, SiteView } from '../../src/http/api-types.js';
import { SimStation } from '../../src/sim/index.js';
import { apiClient, type ApiClient } from '../../src/test-kit/api.js';
import { waitUntil } from '../../src/test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';
import { testStationOptions } from '../../src/test-kit/test-csms.js';

let server: TestServer;
let sim: SimStation;
let operator: ApiClient;
let row: SessionReportRow;

/** A download over real HTTP, as a browser or curl would fetch it. */
async function fetchBytes(path: string): Promise<{ status: number; type: string | null; disposition: string | null; body: Buffer }> {
  const res = await fetch(`${server.httpUrl}${path}`, { headers: operator.headers });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  server = await startTestServer();
  operator = await apiClient(server, 'operator');
  const site = (await operator.post<SiteView>('/api/sites', { name: 'Harbour car park', address: '5 Quay Road' })).body;
  await server.services.stations.create({ id: 'E2E-REPORT', siteId: site.id });
  expect((await operator.post('/api/id-tokens', { token: 'CARD-00998877', label: 'Erin Example' })).status).toBe(201);
  sim = new SimStation(testStationOptions(server.stationUrl, 'E2E-REPORT', '2.0.1', { timeScale: 300, meterIntervalS: 10 }));
  await sim.start();
  sim.plugIn(1, { idToken: 'CARD-00998877', socStart: 30, capacityWh: 40_000, targetSoc: 100, departAfterS: 1e9 });
  const session = await waitUntil(async () => (await server.services.sessions.list({ stationId: 'E2E-REPORT', limit: 1 })).items.find((s) => s.energyWh > 500), 15_000, 'energy delivered');
  sim.stopCharging(1);
  sim.unplug(1);
  await waitUntil(() => server.database.db.selectFrom('sessions').select('id').where('id', '=', session.id).where('state', '=', 'completed').executeTakeFirst(), 5_000, 'session completed');
  await server.committer.flush();
  const page = await operator.get<Page<SessionReportRow>>('/api/reports/sessions?stationId=E2E-REPORT');
  row = page.body.items[0]!;
});
afterAll(async () => {
  await sim.stop();
  await server.close();
});

describe('a simulated session in the session report', () => {
  it('shows where, who (masked), when, energy, power and meter readings', () => {
    expect(row).toMatchObject({ stationId: 'E2E-REPORT', siteName: 'Harbour car park', address: '5 Quay Road', idTokenMasked: '••••8877', user: 'Erin Example', state: 'completed' });
    expect(row.energyWh).toBeGreaterThan(500);
    expect(row.meterStopWh! - row.meterStartWh!).toBeCloseTo(row.energyWh, 0);
    expect(row.peakPowerW).toBeGreaterThan(0);
    expect(row.averagePowerW).toBeGreaterThan(0);
    expect(row.durationS).toBeGreaterThan(0);
    expect(row.stoppedAt).not.toBeNull();
  });

  it('exports it as CSV and XLSX over HTTP, filtered by user, never with the full token', async () => {
    const csv = await fetchBytes('/api/reports/sessions?format=csv&user=erin');
    expect(csv.status).toBe(200);
    expect(csv.disposition).toMatch(/attachment; filename="sessions-.*\.csv"/);
    const text = csv.body.toString('utf8');
    const lines = text.split('\r\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${row.sessionId},E2E-REPORT,`);
    expect(lines[1]).toContain('••••8877,Erin Example,completed');
    expect(text).not.toContain('CARD-00998877');

    const xlsx = await fetchBytes('/api/reports/sessions?format=xlsx&stationId=E2E-REPORT');
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Sessions')!;
    expect(sheet.rowCount).toBe(2);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = (name: string) => sheet.getRow(2).getCell(header.indexOf(name) + 1).value;
    expect(cell('Session')).toBe(row.sessionId);
    expect(cell('Energy (kWh)')).toBeCloseTo(row.energyWh / 1000, 6);
    expect(cell('Id token')).toBe('••••8877');
  });

  it('prints a PDF receipt for it', async () => {
    const pdf = await fetchBytes(`/api/sessions/${row.sessionId}/receipt.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.body.toString('latin1')).toContain(`session ${row.sessionId}`);
  });
});
