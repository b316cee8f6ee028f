import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { SessionReportRow } from './reports.js';
import { sampleRow } from './report-test-rows.js';
import { writeXlsx } from './xlsx-writer.js';

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

async function toBuffer(rows: SessionReportRow[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({ write: (c: Buffer, _e, cb) => { chunks.push(c); cb(); } });
  const finished = new Promise((r) => sink.on('finish', r));
  await writeXlsx(from(rows), sink);
  await finished;
  return Buffer.concat(chunks);
}

describe('writeXlsx', () => {
  it('writes a sheet exceljs reads back: header, typed numbers and dates, masked tokens, formula-like text as text', async () => {
    const rows = [
      sampleRow({ sessionId: 1, stationName: '=1+1', energyWh: 12_345 }),
      sampleRow({ sessionId: 2, stoppedAt: null, state: 'active', costTotal: null, currency: null, costBreakdown: null, peakPowerW: null }),
    ];
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await toBuffer(rows) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Sessions')!;
    expect(sheet.rowCount).toBe(3);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['Session', 'Station', 'Station name']);
    const col = (name: string) => header.indexOf(name) + 1;
    const first = sheet.getRow(2);
    expect(first.getCell(col('Session')).value).toBe(1);
    expect(first.getCell(col('Station name')).value).toBe('=1+1');
    expect(first.getCell(col('Station name')).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(col('Energy (kWh)')).value).toBeCloseTo(12.345, 6);
    expect(first.getCell(col('Energy (kWh)')).numFmt).toBe('0.000');
    expect((first.getCell(col('Start (UTC)')).value as Date).toISOString()).toBe('2026-01-01T10:00:00.000Z');
    expect(first.getCell(col('Id token')).value).toBe('••••1234');
    expect(first.getCell(col('Cost')).value).toBe(5.95);
    expect(first.getCell(col('Cost breakdown')).value).toBe('energy (16.5 kWh) 4; session_fee (1) 1; vat (19 %) 0.95');
    const second = sheet.getRow(3);
    expect(second.getCell(col('Stop (UTC)')).value).toBeNull();
    expect(second.getCell(col('State')).value).toBe('active');
    expect(second.getCell(col('Cost')).value).toBeNull();
  });

  it('writes an empty report as a header row only', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await toBuffer([]) as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Sessions')!.rowCount).toBe(1);
  });

  it('stops pulling rows while nobody reads the output, and stops for good when the receiver leaves', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<SessionReportRow> {
      for (;;) yield sampleRow({ sessionId: ++pulled, stationName: `Station ${pulled} ${'x'.repeat(pulled % 50)}` });
    }
    const unread = new PassThrough({ highWaterMark: 16 * 1024 });
    const done = writeXlsx(endless(), unread);
    await new Promise((r) => setTimeout(r, 1_500));
    const stalled = pulled;
    await new Promise((r) => setTimeout(r, 500));
    // Stalled: the sheet's intake and the output are full, so no more rows are taken.
    expect(pulled).toBe(stalled);
    expect(stalled).toBeLessThan(20_000);
    unread.destroy();
    await expect(done).rejects.toThrow('export receiver closed');
  });
});
