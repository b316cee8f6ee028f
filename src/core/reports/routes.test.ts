import { get, type ClientRequest, type IncomingMessage } from 'node:http';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedReportSessions } from '../../../bench/report-seed.js';
import type { Page, SessionReportRow } from '../../http/api-types.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { SessionReportRepository } from './session-report-repository.js';

let server: TestServer;
let viewer: ApiClient;
let first: number;
const SESSIONS = 100_000;
const FROM = new Date('2025-01-01T00:00:00Z');

beforeAll(async () => {
  server = await startTestServer();
  viewer = await apiClient(server, 'viewer');
  ({ firstSessionId: first } = await seedReportSessions(server.database.pool, { stations: 40, sessions: SESSIONS, sites: 4, tokens: 100, from: FROM, days: 365, prefix: 'RR' }));
});
afterAll(async () => server.close());

const download = (url: string, headers = viewer.headers) => server.http.fastify.inject({ method: 'GET', url, headers });
const csvRecords = (body: string) => body.split('\r\n').filter((l) => l.length > 0);

describe('GET /api/reports/sessions?format=json', () => {
  it('pages report rows newest first, with filters, a total and a cursor', async () => {
    const res = await viewer.get<Page<SessionReportRow>>('/api/reports/sessions?stationId=RR-000002&limit=10');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(SESSIONS / 40);
    expect(res.body.items).toHaveLength(10);
    const row = res.body.items[0]!;
    expect(row).toMatchObject({ stationId: 'RR-000002', stationName: 'RR charger 2', state: 'completed', costTotal: null });
    expect(row.idTokenMasked).toMatch(/^••••\d{4}$/);
    expect(row.user).toMatch(/^Driver \d+$/);
    expect(row.averagePowerW).toBeGreaterThan(3_000);
    const next = await viewer.get<Page<SessionReportRow>>(`/api/reports/sessions?stationId=RR-000002&limit=10&cursor=${res.body.nextCursor}`);
    expect(next.body.items[0]!.startedAt < res.body.items[9]!.startedAt).toBe(true);
    const all = await viewer.get<Page<SessionReportRow>>('/api/reports/sessions');
    expect(all.body).toMatchObject({ total: 10_000, totalIsEstimate: true });
    expect(all.body.items).toHaveLength(50);
  });

  it('rejects bad filters', async () => {
    expect((await viewer.get('/api/reports/sessions?from=yesterday')).status).toBe(400);
    expect((await viewer.get('/api/reports/sessions?format=pdf')).status).toBe(400);
    expect((await viewer.get('/api/reports/sessions?siteId=nope')).status).toBe(400);
    expect((await viewer.get('/api/reports/sessions?cursor=nonsense')).status).toBe(400);
  });
});

describe('report exports', () => {
  it('streams every matching session as CSV with a file name and a byte order mark', async () => {
    const res = await download('/api/reports/sessions?format=csv&stationId=RR-000005');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="sessions-\d{8}-\d{6}\.csv"$/);
    expect(res.body.startsWith('\uFEFFSession,Station,')).toBe(true);
    expect(csvRecords(res.body)).toHaveLength(1 + SESSIONS / 40);
    const plain = await download('/api/reports/sessions?format=csv&stationId=RR-000005&bom=false&from=2025-06-01T00:00:00Z&to=2025-07-01T00:00:00Z');
    expect(plain.body.startsWith('Session,')).toBe(true);
    const records = csvRecords(plain.body);
    const perMonth = SESSIONS / 40 / 12;
    expect(records.length).toBeGreaterThan(perMonth * 0.8);
    expect(records.length).toBeLessThan(perMonth * 1.2);
    expect(records.slice(1).every((r) => r.includes(',RR-000005,') && r.includes('2025-06-'))).toBe(true);
  });

  it('streams XLSX that opens with every matching row', async () => {
    const res = await download('/api/reports/sessions?format=xlsx&stationId=RR-000007');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/filename="sessions-\d{8}-\d{6}\.xlsx"/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Sessions')!;
    expect(sheet.rowCount).toBe(1 + SESSIONS / 40);
    expect(sheet.getRow(2).getCell(2).value).toBe('RR-000007');
  });

  it('slows down with a slow client and stops reading the database when the client leaves', async () => {
    const page = vi.spyOn(SessionReportRepository.prototype, 'page');
    let request: ClientRequest | undefined;
    const response = new Promise<IncomingMessage>((resolve) => {
      request = get(`${server.httpUrl}/api/reports/sessions?format=csv`, { headers: viewer.headers }, resolve);
    });
    try {
      const res = await response;
      expect(res.statusCode).toBe(200);
      // Nobody reads the body: the export fills the buffers on the way and waits (however slow the machine).
      let waiting = -1;
      for (let i = 0; i < 20 && page.mock.calls.length !== waiting; i++) {
        waiting = page.mock.calls.length;
        await new Promise((r) => setTimeout(r, 1_000));
      }
      expect(page.mock.calls.length).toBe(waiting);
      expect(waiting).toBeGreaterThan(0);
      expect(waiting).toBeLessThan(SESSIONS / 5_000);
      request!.destroy();
      await new Promise((r) => setTimeout(r, 500));
      expect(page.mock.calls.length).toBeLessThanOrEqual(waiting + 1);
      for (const call of page.mock.calls) expect(call[2]).toBe(5_000);
    } finally {
      request!.destroy();
      page.mockRestore();
    }
  });
});

describe('GET /api/sessions/:id/receipt.pdf', () => {
  it('serves a one-page PDF receipt', async () => {
    const res = await download(`/api/sessions/${first}/receipt.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="receipt-session-${first}.pdf"`);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await download('/api/sessions/99999999/receipt.pdf')).statusCode).toBe(404);
    expect((await download('/api/sessions/abc/receipt.pdf')).statusCode).toBe(400);
  });
});

describe('report roles', () => {
  it('lets every operator role read and export, and nobody else', async () => {
    for (const role of ['admin', 'operator', 'technician', 'viewer'] as const) {
      const client = await apiClient(server, role);
      expect((await client.get('/api/reports/sessions?limit=1')).status).toBe(200);
      expect((await download(`/api/sessions/${first}/receipt.pdf`, client.headers)).statusCode).toBe(200);
    }
    const driver = await apiClient(server, 'driver');
    expect((await download('/api/reports/sessions?format=csv', driver.headers)).statusCode).toBe(403);
    expect((await download(`/api/sessions/${first}/receipt.pdf`, driver.headers)).statusCode).toBe(403);
    expect((await download('/api/reports/sessions?format=xlsx', {})).statusCode).toBe(401);
  });
});
