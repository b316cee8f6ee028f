import { createHash } from 'node:crypto';

/** What a sampled value is, apart from its value: the part that repeats message after message. */
export interface ReadingShape {
  measurand: string;
  phase: string | null;
  location: string | null;
  context: string | null;
  unit: string | null;
  multiplier: number | null;
}

/**
 * The shape of one meter value's readings, in order (a row of `meter_layouts`). A station sends the same
 * measurands, phases and units in every MeterValues, so a stored meter value names its layout by id and
 * holds only the numbers.
 */
export interface MeterLayout {
  /** The first 8 bytes of the SHA-256 of `layoutKey`: the same on every node and in migration 020. */
  id: bigint;
  measurands: string[];
  phases: (string | null)[];
  locations: (string | null)[];
  contexts: (string | null)[];
  units: (string | null)[];
  multipliers: (number | null)[];
}

/** One field of the key: length-prefixed, so no text can pass for another field or reading; NULL is `-`. */
function keyField(value: string | number | null): string {
  if (value === null) return '-';
  const text = String(value);
  return `${text.length}:${text}`;
}

/**
 * The text a layout's id is the hash of: per reading its six fields joined by U+001F, readings joined by
 * U+001E. Migration 020 builds the same text in SQL for the samples it converts.
 */
export function layoutKey(readings: readonly ReadingShape[], from = 0, to = readings.length): string {
  const parts: string[] = [];
  for (let i = from; i < to; i++) {
    const r = readings[i]!;
    parts.push([r.measurand, r.phase, r.location, r.context, r.unit, r.multiplier].map(keyField).join('\u001f'));
  }
  return parts.join('\u001e');
}

/** A layout's id: the first 8 bytes of the SHA-256 of its key, as a signed 64-bit integer. */
export function layoutId(key: string): bigint {
  return createHash('sha256').update(key).digest().readBigInt64BE(0);
}

function sameShape(layout: MeterLayout, readings: readonly ReadingShape[], from: number, to: number): boolean {
  if (layout.measurands.length !== to - from) return false;
  for (let i = from, j = 0; i < to; i++, j++) {
    const r = readings[i]!;
    if (r.measurand !== layout.measurands[j] || r.phase !== layout.phases[j] || r.location !== layout.locations[j]
      || r.context !== layout.contexts[j] || r.unit !== layout.units[j] || r.multiplier !== layout.multipliers[j]) return false;
  }
  return true;
}

/** Beyond this many, a cache starts again empty (stations with ever-changing units cannot grow it without bound). */
const CACHE_LIMIT = 50_000;

/**
 * Layouts by key, and the one each station used last. A station's next meter value almost always has its
 * last layout, which is recognised by comparing fields: no key is built and nothing is allocated.
 */
export class MeterLayouts {
  private readonly byKey = new Map<string, MeterLayout>();
  private readonly lastOf = new Map<string, MeterLayout>();

  /** The layout of `readings[from..to)`, a station's meter value. */
  of(stationId: string, readings: readonly ReadingShape[], from = 0, to = readings.length): MeterLayout {
    const last = this.lastOf.get(stationId);
    if (last && sameShape(last, readings, from, to)) return last;
    const key = layoutKey(readings, from, to);
    let layout = this.byKey.get(key);
    if (!layout) {
      if (this.byKey.size >= CACHE_LIMIT) this.byKey.clear();
      layout = { id: layoutId(key), measurands: [], phases: [], locations: [], contexts: [], units: [], multipliers: [] };
      for (let i = from; i < to; i++) {
        const r = readings[i]!;
        layout.measurands.push(r.measurand);
        layout.phases.push(r.phase);
        layout.locations.push(r.location);
        layout.contexts.push(r.context);
        layout.units.push(r.unit);
        layout.multipliers.push(r.multiplier);
      }
      this.byKey.set(key, layout);
    }
    if (this.lastOf.size >= CACHE_LIMIT * 4 && !this.lastOf.has(stationId)) this.lastOf.clear();
    this.lastOf.set(stationId, layout);
    return layout;
  }
}
