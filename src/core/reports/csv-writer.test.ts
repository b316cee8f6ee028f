import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvChunks, csvField, csvRecord, writeCsv } from './csv-writer.js';
import type { SessionReportRow } from './reports.js';
import { sampleRow } from './report-test-rows.js';

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** A strict RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(input: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === '"' && field === '') {
      const end = input.indexOf('"', i + 1);
      let j = i + 1;
      let quoted = '';
      for (let k = end; ; k = input.indexOf('"', j)) {
        quoted += input.slice(j, k);
        if (input[k + 1] === '"') { quoted += '"'; j = k + 2; continue; }
        i = k + 1;
        break;
      }
      field = quoted;
      continue;
    }
    if (c === ',') { record.push(field); field = ''; i++; continue; }
    if (c === '\r' && input[i + 1] === '\n') { record.push(field); records.push(record); record = []; field = ''; i += 2; continue; }
    field += c;
    i++;
  }
  return records;
}

async function text(rows: SessionReportRow[], bom = false): Promise<string> {
  let out = '';
  for await (const chunk of csvChunks(from(rows), { bom })) out += chunk;
  return out;
}

describe('csvField (RFC 4180)', () => {
  it('leaves plain text and numbers alone, empties null', () => {
    expect(csvField('abc')).toBe('abc');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rlf')).toBe('"cr\rlf"');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('a=b')).toBe('a=b');
  });

  it('ends records with CRLF', () => {
    expect(csvRecord(['a', 1, null, 'x,y'])).toBe('a,1,,"x,y"\r\n');
  });
});

describe('csvChunks', () => {
  it('writes a header, one record per row, kWh and kW with fixed precision, and masked tokens', async () => {
    const out = await text([sampleRow({ energyWh: 12_345.6, peakPowerW: 11_040, stationName: '=cmd|calc', costBreakdown: [{ component: 'energy', amount: 3.2, quantity: 12.5, unit: 'kWh' }, { component: 'idle_time', amount: 0.5, quantity: null, unit: null }] })]);
    expect(out.startsWith('Session,Station,Station name,EVSE,Connector,Site')).toBe(true);
    const [header, record, ...rest] = parseCsv(out);
    expect(rest).toEqual([]);
    expect(record).toHaveLength(header!.length);
    const field = (name: string) => record![header!.indexOf(name)];
    expect(field('Address')).toBe('1 Main St, Springfield');
    expect(field('Session')).toBe('7');
    expect(field('Station name')).toBe("'=cmd|calc");
    expect(field('Energy (kWh)')).toBe('12.346');
    expect(field('Peak power (kW)')).toBe('11.04');
    expect(field('Id token')).toBe('••••1234');
    expect(field('Start (UTC)')).toBe('2026-01-01T10:00:00.000Z');
    expect(field('Cost breakdown')).toBe('energy (12.5 kWh) 3.2; idle_time 0.5');
  });

  it('starts with a byte order mark only when asked', async () => {
    expect((await text([], true)).startsWith('\uFEFFSession,')).toBe(true);
    expect((await text([])).startsWith('Session,')).toBe(true);
  });

  it('yields chunks of bounded size however many rows there are', async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => sampleRow({ sessionId: i + 1 }));
    const sizes: number[] = [];
    for await (const chunk of csvChunks(from(rows))) sizes.push(chunk.length);
    expect(sizes.length).toBeGreaterThan(3);
    expect(Math.max(...sizes)).toBeLessThan(70 * 1024);
  });
});

describe('writeCsv', () => {
  it('stops reading rows once the receiver is gone', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<SessionReportRow> {
      for (;;) {
        pulled++;
        yield sampleRow({ sessionId: pulled });
      }
    }
    const sink = new Writable({ highWaterMark: 1024, write: (_c, _e, cb) => setTimeout(cb, 5) });
    setTimeout(() => sink.destroy(), 50);
    await expect(writeCsv(endless(), sink)).rejects.toThrow('export receiver closed');
    const after = pulled;
    await new Promise((r) => setTimeout(r, 20));
    expect(pulled).toBe(after);
    expect(pulled).toBeLessThan(5_000);
  });
});
