import { describe, expect, it } from 'vitest';
import { formatDuration, receiptPdf } from './receipt-pdf.js';
import type { ReceiptData } from './reports.js';
import { sampleRow } from './report-test-rows.js';

async function render(data: ReceiptData): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of receiptPdf(data, { compress: false })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('latin1');
}

/** The text shown on the pages: pdfkit writes it as hex strings in TJ operators, in WinAnsi (0x95 is •). */
function shownText(pdf: string): string {
  const hex = [...pdf.matchAll(/<([0-9a-f]+)>/g)].map((m) => m[1]!);
  return hex.map((h) => Buffer.from(h, 'hex').toString('latin1').replaceAll('\x95', '•')).join('');
}

describe('receiptPdf', () => {
  it('is a PDF naming the session, operator, station, meter readings, masked token and cost', async () => {
    const pdf = await render({ row: sampleRow({ sessionId: 4242 }), timezone: 'Europe/Berlin', operatorName: 'Acme Charging' });
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toContain('(Charging receipt - session 4242)');
    const text = shownText(pdf);
    expect(text).toContain('4242');
    expect(text).toContain('Acme Charging');
    expect(text).toContain('Car park 1 (CP-1)');
    expect(text).toContain('1 Main St, Springfield');
    expect(text).toContain('EVSE 1, connector 2');
    expect(text).toContain('16.500 kWh');
    expect(text).toContain('1000.000 kWh');
    expect(text).toContain('1016.500 kWh');
    expect(text).toContain('••••1234');
    expect(text).toContain('1 h 30 min 00 s');
    expect(text).toContain('Energy (16.500 kWh)');
    expect(text).toContain('4.00 EUR');
    expect(text).toContain('Session fee');
    expect(text).toContain('VAT (19 %)');
    expect(text).toContain('0.95 EUR');
    expect(text).toContain('5.95 EUR');
    // 10:00 UTC is 11:00 in Berlin in January.
    expect(text).toContain('11:00:00');
    expect(text).not.toContain('AB1234');
  });

  it('says when a session was not priced, and falls back to UTC for an unknown time zone', async () => {
    const text = shownText(await render({ row: sampleRow({ costTotal: null, costBreakdown: null, currency: null }), timezone: 'Mars/Olympus', operatorName: 'Chargewatch' }));
    expect(text).toContain('Not priced.');
    expect(text).toContain('10:00:00');
  });
});

describe('formatDuration', () => {
  it('reads as hours, minutes and seconds', () => {
    expect(formatDuration(59)).toBe('0 min 59 s');
    expect(formatDuration(7_509)).toBe('2 h 05 min 09 s');
  });
});
