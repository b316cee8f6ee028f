import PDFDocument from 'pdfkit';
import type { ReceiptData, ReportCostLine } from './reports.js';

/** Options of a receipt: tests turn compression off to read the text back. */
export interface ReceiptOptions {
  compress?: boolean;
}

function timeFormat(timezone: string): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: timezone });
  } catch {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
  }
}

/** A duration as people read it: "2 h 05 min 09 s". */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h} h ${two(m)} min ${two(s)} s` : `${m} min ${two(s)} s`;
}

const COMPONENTS: Record<string, string> = {
  energy: 'Energy', charging_time: 'Charging time', idle_time: 'Idle time', session_fee: 'Session fee',
  minimum_price: 'Minimum price', maximum_price: 'Maximum price', vat: 'VAT',
};

/** A cost line's label: "Energy (12.345 kWh)", "VAT (19 %)". */
function costLabel(line: ReportCostLine): string {
  const name = COMPONENTS[line.component] ?? line.component;
  if (line.quantity === null || line.component === 'session_fee') return name;
  const quantity = line.unit === 'kWh' ? line.quantity.toFixed(3) : String(Math.round(line.quantity * 100) / 100);
  return `${name} (${quantity}${line.unit ? ` ${line.unit}` : ''})`;
}

const kwh = (wh: number | null): string => (wh === null ? '-' : `${(wh / 1000).toFixed(3)} kWh`);
const kw = (w: number | null): string => (w === null ? '-' : `${(w / 1000).toFixed(2)} kW`);

/**
 * A one-page receipt for one charging session as a PDF stream (pipe it or send it; it ends itself):
 * who operates the station, where, when, how much energy by the meter, for which (masked) token, and
 * the price when the session was priced. Standard fonts only, so it needs no font files.
 */
export function receiptPdf(data: ReceiptData, options: ReceiptOptions = {}): PDFKit.PDFDocument {
  const r = data.row;
  const when = timeFormat(data.timezone);
  const doc = new PDFDocument({
    size: 'A4', margin: 56, compress: options.compress ?? true,
    info: { Title: `Charging receipt - session ${r.sessionId}`, Author: data.operatorName, Subject: `Session ${r.sessionId}` },
  });
  doc.font('Helvetica-Bold').fontSize(20).text(data.operatorName);
  doc.font('Helvetica').fontSize(12).fillColor('#555555').text('Charging receipt').moveDown(1.5).fillColor('#000000');

  const rows: Array<[string, string]> = [
    ['Session', String(r.sessionId)],
    ['Station', r.stationName ? `${r.stationName} (${r.stationId})` : r.stationId],
    ['Site', r.siteName ?? '-'],
    ['Address', r.address ?? '-'],
    ['Connector', `EVSE ${r.evseId}, connector ${r.connectorId}`],
    ['Start', when.format(new Date(r.startedAt))],
    ['Stop', r.stoppedAt ? when.format(new Date(r.stoppedAt)) : 'still charging'],
    ['Duration', formatDuration(r.durationS)],
    ['Energy', kwh(r.energyWh)],
    ['Meter start', kwh(r.meterStartWh)],
    ['Meter stop', kwh(r.meterStopWh)],
    ['Peak power', kw(r.peakPowerW)],
    ['Average power', kw(r.averagePowerW)],
    ['Id token', r.idTokenMasked ?? '-'],
    ['Stop reason', r.stopReason ?? '-'],
  ];
  const labelX = doc.page.margins.left;
  const valueX = labelX + 160;
  const width = doc.page.width - doc.page.margins.right - valueX;
  const line = (label: string, value: string, bold = false) => {
    const y = doc.y;
    doc.font('Helvetica').fontSize(11).fillColor('#555555').text(label, labelX, y, { width: 150 });
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fillColor('#000000').text(value, valueX, y, { width });
    doc.moveDown(0.4);
  };
  for (const [label, value] of rows) line(label, value);

  doc.moveDown(1).font('Helvetica-Bold').fontSize(13).text('Cost', labelX).moveDown(0.5);
  if (r.costTotal === null) {
    doc.font('Helvetica').fontSize(11).text('Not priced.', labelX);
  } else {
    const money = (amount: number) => `${amount.toFixed(2)} ${r.currency ?? ''}`.trim();
    for (const part of r.costBreakdown ?? []) line(costLabel(part), money(part.amount));
    line('Total', money(r.costTotal), true);
  }
  doc.moveDown(2).font('Helvetica').fontSize(9).fillColor('#777777')
    .text(`Times in ${data.timezone}. Energy as measured by the station's meter. Receipt for session ${r.sessionId}.`, labelX);
  doc.end();
  return doc;
}
