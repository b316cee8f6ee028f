/** Display formats for power, energy, durations and times, in one place so every page agrees. */

const number1 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const number0 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Power in W as kW (or MW for fleets). */
export function formatPower(w: number | null | undefined): string {
  if (w === null || w === undefined) return '—';
  if (Math.abs(w) >= 1_000_000) return `${number1.format(w / 1_000_000)} MW`;
  return `${number1.format(w / 1000)} kW`;
}

/** Energy in Wh as kWh (or MWh for large totals). */
export function formatEnergy(wh: number | null | undefined): string {
  if (wh === null || wh === undefined) return '—';
  if (Math.abs(wh) >= 1_000_000) return `${number1.format(wh / 1_000_000)} MWh`;
  return `${number1.format(wh / 1000)} kWh`;
}

/** A plain count with thousands separators. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : number0.format(n);
}

/** A percentage (0–100). */
export function formatPercent(p: number | null | undefined): string {
  return p === null || p === undefined ? '—' : `${number0.format(p)} %`;
}

/** Seconds as "2 h 05 min" / "5 min 12 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

/** An ISO time as a local date and time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : dateTime.format(d);
}

/** An ISO time as a local clock time with seconds (message logs). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : timeOnly.format(d);
}

/** How long ago an ISO time was, relative to `now` ms: "just now", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(iso: string | null | undefined, now: number): string {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '—';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}
