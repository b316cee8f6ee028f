/** Sentences for a session's time-to-full estimate, kept apart from the panel so they can be tested. */
import type { SessionProgressView } from '../api/types.js';
import { formatDuration } from '../format.js';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayClock = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/** "14:32, in 38 min" (with the weekday when it is more than 20 h away), or "now" once it is reached. */
export function whenText(iso: string, fromMs: number): string {
  const at = Date.parse(iso);
  const left = (at - fromMs) / 1000;
  if (left < 30) return 'now';
  const time = left > 20 * 3600 ? dayClock.format(at) : clock.format(at);
  const minutes = Math.round(left / 60);
  return `${time}, in ${minutes >= 60 ? formatDuration(minutes * 60) : `${minutes} min`}`;
}

/** The estimate lines to show: the target first, then full, or why it cannot be told. */
export function etaLines(p: SessionProgressView, nowMs: number): string[] {
  // Station clocks may run ahead of this one: count from whichever is later.
  const from = Math.max(nowMs, Date.parse(p.asOf));
  const lines: string[] = [];
  const eta = p.eta;
  if (eta.toTarget) {
    const what = eta.method === 'energy-requested' || p.targetSoc === null ? 'Requested energy' : `Target ${Math.round(p.targetSoc)} %`;
    const when = whenText(eta.toTarget, from);
    lines.push(when === 'now' ? `${what} reached` : `${what} at ${when}`);
  }
  if (eta.toFull) {
    const when = whenText(eta.toFull, from);
    lines.push(when === 'now' ? 'Full' : `Full at ${when}`);
  }
  if (lines.length === 0) lines.push(`Cannot estimate: ${eta.reason ?? 'not enough data'}`);
  else if (eta.reason && !eta.toFull) lines.push(`No time to full: ${eta.reason}`);
  return lines;
}
