import { pgArray } from '../../db/array-literal.js';
import { statementChannel, type BatchStatement } from '../../db/batch-committer.js';
import { binaryArray } from '../../db/binary-array.js';
import { MeterLayouts, type MeterLayout, type ReadingShape } from './meter-layouts.js';
import { unitScale, withMultiplier } from './session-progress.js';

/**
 * One sampled value, version-neutral, in base units (Wh, W, var, …). `raw` keeps the station's own
 * text when it differs from `value`/`unit` (converted unit, unparseable number, signed data).
 */
export interface MeterSample extends ReadingShape {
  atMs: number;
  value: number | null;
  raw: string | null;
  signed: Record<string, unknown> | null;
}

/** An OCPP 1.6 MeterValue as it arrives (values are strings). */
export interface V16MeterValueInput {
  timestamp: string;
  sampledValue: readonly {
    value: string;
    context?: string;
    format?: string;
    measurand?: string;
    phase?: string;
    location?: string;
    unit?: string;
  }[];
}

/** An OCPP 2.0.1 MeterValue as it arrives (values are numbers, units carry a multiplier). */
export interface V201MeterValueInput {
  timestamp: string;
  sampledValue: readonly {
    value: number;
    context?: string;
    measurand?: string;
    phase?: string;
    location?: string;
    signedMeterValue?: object;
    unitOfMeasure?: { unit?: string; multiplier?: number };
  }[];
}

/** OCPP's default measurand when a sampled value names none. */
export const DEFAULT_MEASURAND = 'Energy.Active.Import.Register';

/**
 * The unit a value has when the station names none. OCPP says Wh for all; for measurands that cannot be
 * energy the natural unit is what stations mean.
 */
export function defaultUnit(measurand: string): string | null {
  if (measurand.startsWith('Energy.Reactive')) return 'varh';
  if (measurand.startsWith('Energy.Apparent')) return 'VAh';
  if (measurand.startsWith('Energy')) return 'Wh';
  if (measurand.startsWith('Power.Reactive')) return 'var';
  if (measurand === 'Power.Factor') return null;
  if (measurand.startsWith('Power')) return 'W';
  if (measurand.startsWith('Current')) return 'A';
  if (measurand === 'Voltage') return 'V';
  if (measurand === 'SoC') return 'Percent';
  if (measurand === 'Temperature') return 'Celsius';
  return null;
}

function parseTime(timestamp: string, fallbackMs: number): number {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? fallbackMs : ms;
}

/** A 1.6 value string as a number, tolerating a decimal comma; null when it is not a number. */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t.includes(',') && !t.includes('.') ? t.replace(',', '.') : t);
  return Number.isFinite(n) ? n : null;
}

/** Samples of OCPP 1.6 meter values; a timestamp that does not parse gets `fallbackMs` (receive time). */
export function samplesFromV16(meterValues: readonly V16MeterValueInput[], fallbackMs: number): MeterSample[] {
  const out: MeterSample[] = [];
  for (const mv of meterValues) {
    const atMs = parseTime(mv.timestamp, fallbackMs);
    for (const sv of mv.sampledValue) {
      const measurand = sv.measurand ?? DEFAULT_MEASURAND;
      const unit = sv.unit ?? defaultUnit(measurand);
      const n = sv.format === 'SignedData' ? null : parseNumber(sv.value);
      // Scaled in place, with no object per value: this runs for every sampled value.
      const scale = n === null ? undefined : unitScale(unit);
      const value = n === null ? null : scale ? n * scale[0] : n;
      // Object literals, not spreads: this runs for every sampled value on the hot path.
      out.push({
        atMs, measurand, phase: sv.phase ?? null, location: sv.location ?? null, context: sv.context ?? null,
        unit: scale ? scale[1] : unit, multiplier: null, value,
        raw: n === null ? sv.value : scale ? `${sv.value} ${unit}` : null,
        // Signed data is kept verbatim in `raw` too; `signed` marks it for audit alike in both versions.
        signed: sv.format === 'SignedData' ? { format: 'SignedData', signedMeterData: sv.value } : null,
      });
    }
  }
  return out;
}

/** Samples of OCPP 2.0.1 meter values (unitOfMeasure multiplier applied). */
export function samplesFromV201(meterValues: readonly V201MeterValueInput[] | undefined, fallbackMs: number): MeterSample[] {
  const out: MeterSample[] = [];
  for (const mv of meterValues ?? []) {
    const atMs = parseTime(mv.timestamp, fallbackMs);
    for (const sv of mv.sampledValue) {
      const measurand = sv.measurand ?? DEFAULT_MEASURAND;
      const unit = sv.unitOfMeasure?.unit ?? defaultUnit(measurand);
      const multiplier = sv.unitOfMeasure?.multiplier ?? null;
      // The multiplier first, then the unit's factor; no object per value (this runs for every sampled value).
      const finite = Number.isFinite(sv.value);
      const scale = finite ? unitScale(unit) : undefined;
      const value = finite ? withMultiplier(sv.value, multiplier) * (scale ? scale[0] : 1) : null;
      const baseUnit = scale ? scale[1] : unit;
      const converted = baseUnit !== unit || value !== sv.value;
      out.push({
        atMs, measurand, phase: sv.phase ?? null, location: sv.location ?? null, context: sv.context ?? null,
        unit: baseUnit, multiplier: multiplier || null, value,
        raw: converted ? `${sv.value}${multiplier ? `e${multiplier}` : ''} ${unit}` : null,
        signed: sv.signedMeterValue ? { ...sv.signedMeterValue } : null,
      });
    }
  }
  return out;
}

/** Samples of one message, with where they were taken and the session they belong to. */
export interface SampleGroup {
  recordedAt: Date;
  stationId: string;
  evseId: number;
  connectorId: number;
  sessionId: number | null;
  /** The 2.0.1 TransactionEvent's seqNo, when the samples came with one. */
  seqNo?: number | null;
  samples: readonly MeterSample[];
}

/** The layouts the writer has met (module-wide: a layout is the same whoever writes it). */
const layouts = new MeterLayouts();

/** The number of meter values in `samples`: runs of consecutive samples taken at the same time. */
function runCount(samples: readonly MeterSample[]): number {
  let runs = 0;
  for (let i = 0; i < samples.length; i++) if (i === 0 || samples[i]!.atMs !== samples[i - 1]!.atMs) runs++;
  return runs;
}

/** The end of the run of samples taken at `samples[from].atMs`. */
function runEnd(samples: readonly MeterSample[], from: number): number {
  let to = from + 1;
  while (to < samples.length && samples[to]!.atMs === samples[from]!.atMs) to++;
  return to;
}

/** `($n::type[])[o + 1 : o + n]`: one row's part of a flat array parameter. */
const slice = (param: number, type: string, row: string): string => `($${param}::${type}[])[${row}.o + 1 : ${row}.o + ${row}.n]`;

/** The layouts of a batch: each layout's fields, flattened, with where each layout starts and how long it is. */
function layoutParams(used: ReadonlyMap<MeterLayout, number>): unknown[] {
  const list = [...used.keys()];
  const ids: bigint[] = [];
  const offsets: number[] = [];
  const counts: number[] = [];
  const fields: unknown[][] = [[], [], [], [], [], []];
  for (const l of list) {
    ids.push(l.id);
    offsets.push(fields[0]!.length);
    counts.push(l.measurands.length);
    fields[0]!.push(...l.measurands);
    fields[1]!.push(...l.phases);
    fields[2]!.push(...l.locations);
    fields[3]!.push(...l.contexts);
    fields[4]!.push(...l.units);
    fields[5]!.push(...l.multipliers);
  }
  return [binaryArray('bigint', ids), binaryArray('integer', offsets), binaryArray('integer', counts),
    ...fields.slice(0, 5).map((f) => binaryArray('text', f)), binaryArray('integer', fields[5]!)];
}

/**
 * The statement that stores the samples of the groups as meter values: one `meter_values` row per meter
 * value (the samples of one message taken at one time), its numbers in one array, its shape in
 * `meter_layouts` (inserted with it when new). Parameters are numbered from `$first`; array parameters
 * are flat and each row takes its slice, as unnest() cannot give a row an array of its own.
 */
export function meterValuesStatement(groups: readonly SampleGroup[], first = 1): BatchStatement | null {
  let rows = 0;
  let readings = 0;
  for (const g of groups) {
    rows += runCount(g.samples);
    readings += g.samples.length;
  }
  if (rows === 0) return null;
  // Sized once: the per-row arrays and the one array of every value in the batch.
  const recordedAt = new Array<number>(rows);
  const at = new Array<number>(rows);
  const station = new Array<string>(rows);
  const evse = new Array<number>(rows);
  const connector = new Array<number>(rows);
  const session = new Array<number | null>(rows);
  const seqNo = new Array<number | null>(rows);
  // Each row's layout as its place in the batch's list of layouts (from 1): no 64-bit id per row.
  const layoutOf = new Array<number>(rows);
  const offsets = new Array<number>(rows);
  const counts = new Array<number>(rows);
  const raws = new Array<string | null>(rows);
  const signed = new Array<string | null>(rows);
  const values = new Array<number | null>(readings);
  const used = new Map<MeterLayout, number>();
  let row = 0;
  let v = 0;
  for (const g of groups) {
    const rec = g.recordedAt.getTime();
    const seq = g.seqNo ?? null;
    for (let from = 0; from < g.samples.length;) {
      const to = runEnd(g.samples, from);
      const layout = layouts.of(g.stationId, g.samples, from, to);
      let place = used.get(layout);
      if (place === undefined) used.set(layout, (place = used.size + 1));
      recordedAt[row] = rec;
      at[row] = g.samples[from]!.atMs;
      station[row] = g.stationId;
      evse[row] = g.evseId;
      connector[row] = g.connectorId;
      session[row] = g.sessionId;
      seqNo[row] = seq;
      layoutOf[row] = place;
      offsets[row] = v;
      counts[row] = to - from;
      let anyRaw = false;
      let anySigned = false;
      for (let i = from; i < to; i++) {
        const sample = g.samples[i]!;
        values[v++] = sample.value;
        if (sample.raw !== null) anyRaw = true;
        if (sample.signed !== null) anySigned = true;
      }
      // Rare (converted units, signed data): written as text, each such row parsed on its own.
      raws[row] = anyRaw ? pgArray(g.samples.slice(from, to).map((sample) => sample.raw)) : null;
      signed[row] = anySigned ? JSON.stringify(g.samples.slice(from, to).map((sample) => sample.signed)) : null;
      row++;
      from = to;
    }
  }
  const f = first;
  const l = f + 9;
  return {
    // New layouts in id order: two batches inserting the same new layouts wait for each other in one order.
    with: [
      `insert into meter_layouts (id, measurands, phases, locations, contexts, units, multipliers)
      select l.id, ${slice(f + 3, 'text', 'l')}, ${slice(f + 4, 'text', 'l')}, ${slice(f + 5, 'text', 'l')}, ${slice(f + 6, 'text', 'l')}, ${slice(f + 7, 'text', 'l')}, ${slice(f + 8, 'integer', 'l')}
      from unnest($${f}::bigint[], $${f + 1}::integer[], $${f + 2}::integer[]) as l(id, o, n)
      order by l.id
      on conflict (id) do nothing`,
    ],
    sql: `insert into meter_values (recorded_at, at, station_id, evse_id, connector_id, session_id, seq_no, layout_id, vals, raws, signed)
      select r.recorded_at, r.at, r.station_id, r.evse_id, r.connector_id, r.session_id, r.seq_no, ($${f}::bigint[])[r.layout], ${slice(l + 10, 'float8', 'r')}, r.raws::text[], r.signed
      from unnest($${l}::timestamptz[], $${l + 1}::timestamptz[], $${l + 2}::text[], $${l + 3}::integer[], $${l + 4}::integer[], $${l + 5}::integer[],
        $${l + 6}::integer[], $${l + 7}::integer[], $${l + 8}::integer[], $${l + 9}::integer[], $${l + 11}::text[], $${l + 12}::jsonb[])
        as r(recorded_at, at, station_id, evse_id, connector_id, session_id, seq_no, layout, o, n, raws, signed)`,
    params: [
      ...layoutParams(used),
      binaryArray('timestamptz', recordedAt), binaryArray('timestamptz', at), binaryArray('text', station), binaryArray('integer', evse),
      binaryArray('integer', connector), binaryArray('integer', session), binaryArray('integer', seqNo), binaryArray('integer', layoutOf),
      binaryArray('integer', offsets), binaryArray('integer', counts), binaryArray('float8', values), binaryArray('text', raws), binaryArray('jsonb', signed),
    ],
  };
}

/** Writes meter samples through the BatchCommitter: one statement for every meter value of the batch. */
export const meterSampleChannel = statementChannel<SampleGroup>('meter_values', meterValuesStatement);
