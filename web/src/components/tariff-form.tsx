/** The tariff editor: prices, idle grace, min/max, VAT and time-of-day / weekday variants. */
import { useState } from 'react';
import type { TariffPeriodView, TariffRequest, TariffView, Weekday } from '../api/types.js';

const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
type PriceKey = 'energyPerKwh' | 'chargingPerMinute' | 'idlePerMinute';
type Period = { days: Weekday[]; from: string; to: string } & Record<PriceKey, string>;
type Fields = Record<'name' | 'currency' | 'vatPercent' | PriceKey | 'sessionFee' | 'idleGraceMinutes' | 'minPrice' | 'maxPrice', string>;

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

function fieldsOf(t: TariffView | null): Fields {
  const c = t?.components;
  return {
    name: t?.name ?? '', currency: t?.currency ?? 'EUR', vatPercent: text(t?.vatPercent ?? 0), energyPerKwh: text(c?.energyPerKwh), chargingPerMinute: text(c?.chargingPerMinute),
    idlePerMinute: text(c?.idlePerMinute), sessionFee: text(c?.sessionFee), idleGraceMinutes: text(c?.idleGraceMinutes), minPrice: text(c?.minPrice), maxPrice: text(c?.maxPrice),
  };
}

function periodOf(p: TariffPeriodView): Period {
  return { days: p.days, from: p.from, to: p.to, energyPerKwh: text(p.energyPerKwh), chargingPerMinute: text(p.chargingPerMinute), idlePerMinute: text(p.idlePerMinute) };
}

/** The request a filled-in form stands for. */
function requestOf(f: Fields, periods: Period[]): TariffRequest {
  return {
    name: f.name.trim(), currency: f.currency.trim().toUpperCase(), vatPercent: num(f.vatPercent) ?? 0,
    components: {
      energyPerKwh: num(f.energyPerKwh) ?? 0, chargingPerMinute: num(f.chargingPerMinute) ?? 0, idlePerMinute: num(f.idlePerMinute) ?? 0,
      sessionFee: num(f.sessionFee) ?? 0, idleGraceMinutes: num(f.idleGraceMinutes) ?? 0, minPrice: num(f.minPrice) ?? null, maxPrice: num(f.maxPrice) ?? null,
      periods: periods.map((p) => {
        const out: TariffPeriodView = { days: p.days, from: p.from, to: p.to };
        for (const k of ['energyPerKwh', 'chargingPerMinute', 'idlePerMinute'] as const) if (num(p[k]) !== undefined) out[k] = num(p[k]);
        return out;
      }),
    },
  };
}

const LABELS: Array<[keyof Fields, string, string]> = [
  ['energyPerKwh', 'Per kWh', '0.39'], ['chargingPerMinute', 'Per charging minute', '0'], ['idlePerMinute', 'Per idle minute', '0.10'],
  ['idleGraceMinutes', 'Idle grace (min)', '30'], ['sessionFee', 'Session fee', '0'], ['minPrice', 'Minimum (net)', 'none'], ['maxPrice', 'Maximum (net)', 'none'],
];

/** The form; `formId` lets a dialog's footer button submit it. */
export function TariffForm({ tariff, formId, onSubmit }: { tariff: TariffView | null; formId: string; onSubmit(request: TariffRequest): void }) {
  const [f, setF] = useState<Fields>(() => fieldsOf(tariff));
  const [periods, setPeriods] = useState<Period[]>(() => (tariff?.components.periods ?? []).map(periodOf));
  const set = (k: keyof Fields) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const change = (i: number, patch: Partial<Period>) => setPeriods(periods.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <form id={formId} className="tariff-form" onSubmit={(e) => { e.preventDefault(); onSubmit(requestOf(f, periods)); }}>
      <div className="form-grid">
        <label className="field"><span>Name</span><input required value={f.name} onChange={set('name')} /></label>
        <label className="field"><span>Currency</span><input required pattern="[A-Za-z]{3}" value={f.currency} onChange={set('currency')} /></label>
        <label className="field"><span>VAT %</span><input type="number" min="0" max="100" step="any" value={f.vatPercent} onChange={set('vatPercent')} /></label>
        {LABELS.map(([k, label, placeholder]) => (
          <label key={k} className="field"><span>{label}</span><input type="number" min="0" step="any" placeholder={placeholder} value={f[k]} onChange={set(k)} /></label>
        ))}
      </div>
      <h3>Time-of-day and weekday variants</h3>
      <p className="muted small">Local time of the site. In the window, the prices given replace the ones above; the first matching variant wins.</p>
      {periods.map((p, i) => (
        <fieldset key={i} className="period">
          <legend>Variant {i + 1}</legend>
          <div className="days">
            {DAYS.map((d) => (
              <label key={d}><input type="checkbox" checked={p.days.includes(d)} onChange={(e) => change(i, { days: e.target.checked ? DAYS.filter((x) => x === d || p.days.includes(x)) : p.days.filter((x) => x !== d) })} /> {d}</label>
            ))}
          </div>
          <div className="form-grid">
            <label className="field"><span>From</span><input type="time" required value={p.from} onChange={(e) => change(i, { from: e.target.value })} /></label>
            <label className="field"><span>To (24:00 = midnight)</span><input required pattern="([01]\d|2[0-3]):[0-5]\d|24:00" value={p.to} onChange={(e) => change(i, { to: e.target.value })} /></label>
            {(['energyPerKwh', 'chargingPerMinute', 'idlePerMinute'] as const).map((k) => (
              <label key={k} className="field"><span>{LABELS.find((l) => l[0] === k)![1]}</span><input type="number" min="0" step="any" placeholder="as above" value={p[k]} onChange={(e) => change(i, { [k]: e.target.value })} /></label>
            ))}
          </div>
          <button type="button" className="button button-ghost button-small" onClick={() => setPeriods(periods.filter((_, j) => j !== i))}>Remove variant</button>
        </fieldset>
      ))}
      <button type="button" className="button button-secondary button-small" onClick={() => setPeriods([...periods, { days: [], from: '18:00', to: '24:00', energyPerKwh: '', chargingPerMinute: '', idlePerMinute: '' }])}>Add variant</button>
    </form>
  );
}
