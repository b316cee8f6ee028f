import { insertColumnsStatement, statementChannel, type UnnestColumn } from '../../db/batch-committer.js';
import { toBaseUnit } from './session-progress.js';

/**
 * One sampled value, version-neutral, in base units (Wh, W, var, …). `raw` keeps the station's own
 * text when it differs from `value`/`unit` (converted unit, unparseable number, signed data).
 */
export interface MeterSample {
  atMs: number;
  measurand: string;
  phase: string | null;
  location: string | null;
  context: string | null;
  unit: string | null;
  multiplier: number | null;
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
      const scaled = n === null ? undefined : toBaseUnit(n, unit);
      // Object literals, not spreads: this runs for every sampled value on the hot path.
      out.push({
        atMs, measurand, phase: sv.phase ?? null, location: sv.location ?? null, context: sv.context ?? null,
        unit: scaled ? scaled.unit : unit, multiplier: null, value: scaled ? scaled.value : null,
        raw: !scaled ? sv.value : scaled.unit !== unit || scaled.value !== n ? `${sv.value} ${unit}` : null,
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
      const scaled = Number.isFinite(sv.value) ? toBaseUnit(sv.value, unit, multiplier) : { value: null, unit };
      const converted = scaled.unit !== unit || scaled.value !== sv.value;
      out.push({
        atMs, measurand, phase: sv.phase ?? null, location: sv.location ?? null, context: sv.context ?? null,
        unit: scaled.unit, multiplier: multiplier || null, value: scaled.value,
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

/** The meter_samples columns in write order, with their PostgreSQL types. */
export const SAMPLE_COLUMNS: readonly UnnestColumn[] = [
  ['recorded_at', 'timestamptz'], ['at', 'timestamptz'], ['station_id', 'text'], ['evse_id', 'integer'], ['connector_id', 'integer'],
  ['session_id', 'integer'], ['measurand', 'text'], ['phase', 'text'], ['location', 'text'], ['context', 'text'], ['unit', 'text'],
  ['multiplier', 'smallint'], ['value', 'float8'], ['raw', 'text'], ['signed', 'jsonb'], ['seq_no', 'integer'],
];

/**
 * The meter_samples columns of every sample of the groups, in SAMPLE_COLUMNS order: one array per column,
 * filled directly (no per-row arrays or tuples: a batch holds thousands of rows). Times are epoch ms, which
 * the binary array format takes as they are.
 */
export function sampleColumns(groups: readonly SampleGroup[]): unknown[][] {
  let rows = 0;
  for (const g of groups) rows += g.samples.length;
  // Sized once: a batch holds thousands of rows, and growing 15 arrays by doubling shows up in GC time.
  const cols: unknown[][] = SAMPLE_COLUMNS.map(() => new Array<unknown>(rows));
  const [recordedAt, at, station, evse, connector, session, measurand, phase, location, context, unit, multiplier, value, raw, signed, seqNo] = cols as [
    unknown[], unknown[], unknown[], unknown[], unknown[], unknown[], unknown[], unknown[], unknown[], unknown[], unknown[], unknown[], unknown[], unknown[], unknown[], unknown[],
  ];
  let i = 0;
  for (const g of groups) {
    const rec = g.recordedAt.getTime();
    const seq = g.seqNo ?? null;
    for (const s of g.samples) {
      recordedAt[i] = rec;
      at[i] = s.atMs;
      station[i] = g.stationId;
      evse[i] = g.evseId;
      connector[i] = g.connectorId;
      session[i] = g.sessionId;
      measurand[i] = s.measurand;
      phase[i] = s.phase;
      location[i] = s.location;
      context[i] = s.context;
      unit[i] = s.unit;
      multiplier[i] = s.multiplier;
      value[i] = s.value;
      raw[i] = s.raw;
      signed[i] = s.signed === null ? null : JSON.stringify(s.signed);
      seqNo[i] = seq;
      i++;
    }
  }
  return cols;
}

/** Writes meter samples through the BatchCommitter: one unnest insert for every sample of the batch. */
export const meterSampleChannel = statementChannel<SampleGroup>('meter_samples', (groups, first) => insertColumnsStatement('meter_samples', SAMPLE_COLUMNS, sampleColumns(groups), first));
