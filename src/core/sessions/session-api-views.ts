import type { SampleSeries as ApiSampleSeries, SessionProgressView, SessionView } from '../../http/api-types.js';
import type { LiveSession } from '../live/index.js';
import type { SampleSeries, Session } from './sessions.js';

/** A session as the API shows it: running ones carry the live view's latest power, energy and SoC, and their progress. */
export function sessionView(s: Session, live: LiveSession | undefined, siteId: string | null, nowMs: number, progress?: SessionProgressView): SessionView {
  const running = s.state === 'active' && live !== undefined;
  const startedMs = Date.parse(s.startedAt);
  return {
    id: s.id, stationId: s.stationId, siteId, evseId: s.evseId, connectorId: s.connectorId, transactionRef: s.transactionRef, idToken: s.idToken,
    state: s.state, startedAt: s.startedAt, stoppedAt: s.stoppedAt,
    durationS: s.state === 'active' ? Math.max(0, Math.round((nowMs - startedMs) / 1000)) : s.durationS,
    energyWh: running ? live.energyWh : s.energyWh,
    powerW: running ? live.powerW : s.state === 'active' ? s.powerW : null,
    soc: running ? (live.soc ?? s.soc) : s.soc,
    meterStartWh: s.meterStartWh, meterStopWh: s.meterStopWh, stopReason: s.stopReason,
    lastSampleAt: running ? (live.lastSampleAt ?? s.lastSampleAt) : s.lastSampleAt,
    progress: s.state === 'active' ? progress ?? null : null,
  };
}

/** Sample series as the chart wants them: [ms, value] when every point is one sample, else [ms, mean, min, max]. */
export function sampleSeries(series: SampleSeries[], raw: boolean): ApiSampleSeries[] {
  return series.map((s) => {
    const downsampled = !raw && s.points.some((p) => p.count > 1);
    return {
      measurand: s.measurand, phase: s.phase, unit: s.unit ?? '', downsampled,
      points: s.points.map((p) => (downsampled ? [Date.parse(p.at), p.value, p.min, p.max] : [Date.parse(p.at), p.value])),
    };
  });
}
