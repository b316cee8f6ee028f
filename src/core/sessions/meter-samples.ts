import type { BatchChannel, UnnestColumn } from '../../db/batch-committer.js';
import { insertUnnest } from '../../db/batch-committer.js';
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
        raw: !scaled ? sv.value : scaled.unit !== unit || scaled.value !== n ? `${sv.value} ${unit}` : null, signed: null,
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
  samples: readonly MeterSample[];
}

/** The meter_samples columns in write order, with their PostgreSQL types. */
export const SAMPLE_COLUMNS: readonly UnnestColumn[] = [
  ['recorded_at', 'timestamptz'], ['at', 'timestamptz'], ['station_id', 'text'], ['evse_id', 'integer'], ['connector_id', 'integer'],
  ['session_id', 'integer'], ['measurand', 'text'], ['phase', 'text'], ['location', 'text'], ['context', 'text'], ['unit', 'text'],
  ['multiplier', 'smallint'], ['value', 'float8'], ['raw', 'text'], ['signed', 'jsonb'],
];

let lastMs = NaN;
let lastIso = '';
/** Times as ISO text: cheaper for the driver than Date objects, and a message's samples mostly share one. */
function isoOf(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** One row of meter_samples, in SAMPLE_COLUMNS order. */
export function sampleRowValues(g: SampleGroup, s: MeterSample): unknown[] {
  return [
    g.recordedAt.toISOString(), isoOf(s.atMs), g.stationId, g.evseId, g.connectorId, g.sessionId, s.measurand, s.phase, s.location, s.context, s.unit,
    s.multiplier, s.value, s.raw, s.signed === null ? null : JSON.stringify(s.signed),
  ];
}

/** Flattens groups into (group, sample) pairs, one per row. */
export function sampleRows(groups: readonly SampleGroup[]): [SampleGroup, MeterSample][] {
  const rows: [SampleGroup, MeterSample][] = [];
  for (const g of groups) for (const s of g.samples) rows.push([g, s]);
  return rows;
}

/** Writes meter samples through the BatchCommitter: one unnest insert for every sample of the batch. */
export const meterSampleChannel: BatchChannel<SampleGroup> = {
  name: 'meter_samples',
  write: (client, groups) => insertUnnest(client, 'meter_samples', SAMPLE_COLUMNS, sampleRows(groups), ([g, s]) => sampleRowValues(g, s)),
};
