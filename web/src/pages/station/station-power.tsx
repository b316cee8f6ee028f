/**
 * The station's power: the running sessions' recorded power to start with, then live meter events
 * (live.ts appends to this cache while the page is open).
 */
import { useQuery } from '@tanstack/react-query';
import { api, queryString } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { SampleSeries, StationDetail } from '../../api/types.js';
import { Panel } from '../../components/feedback.js';
import { PowerChart } from '../../components/power-chart.js';
import { formatPower } from '../../format.js';

type Point = [number, number];

/** Sums power series that sample at different times: each contributes its latest value at every instant. */
export function sumStepwise(series: Point[][]): Point[] {
  const times = [...new Set(series.flatMap((s) => s.map((p) => p[0])))].sort((a, b) => a - b);
  const cursor = series.map(() => -1);
  return times.map((t) => {
    let total = 0;
    series.forEach((s, i) => {
      while (cursor[i]! + 1 < s.length && s[cursor[i]! + 1]![0] <= t) cursor[i]!++;
      if (cursor[i]! >= 0) total += s[cursor[i]!]![1];
    });
    return [t, total];
  });
}

async function initialPoints(station: StationDetail, signal: AbortSignal): Promise<Point[]> {
  const running = station.connectors.flatMap((c) => (c.sessionId !== null ? [c.sessionId] : []));
  const series = await Promise.all(running.map(async (id) => {
    const list = await api<SampleSeries[]>(`/sessions/${id}/samples${queryString({ measurands: 'Power.Active.Import', maxPoints: 400 })}`, { signal });
    const power = list.find((s) => s.measurand === 'Power.Active.Import' && s.phase === null) ?? list.find((s) => s.measurand === 'Power.Active.Import');
    const scale = power?.unit === 'kW' ? 1000 : 1;
    return (power?.points ?? []).map((p): Point => [p[0], p[1] * scale]);
  }));
  const history = sumStepwise(series.filter((s) => s.length > 0));
  return [...history, [Date.now(), station.powerW]];
}

/** The power panel. */
export function StationPower({ station }: { station: StationDetail }) {
  const points = useQuery({
    queryKey: keys.stationPower(station.id),
    queryFn: ({ signal }) => initialPoints(station, signal).catch((): Point[] => [[Date.now(), station.powerW]]),
    staleTime: Infinity,
    gcTime: 0,
  });
  return (
    <Panel title="Power" actions={<span className="big-number" data-testid="station-power">{formatPower(station.powerW)}</span>}>
      <PowerChart points={points.data ?? []} label={`Power of ${station.id}`} height={200} />
      <p className="muted small">Running sessions since they started, then live.</p>
    </Panel>
  );
}
