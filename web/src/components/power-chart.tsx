/** A power-over-time area chart (kW) on uPlot, for the fleet, a station or a site. */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { UPlotChart, areaSeries, axisStyle } from './uplot-chart.js';

/** An axis label for a value in kW: MW from 1,000 kW on, so large fleets keep short labels. */
function kwLabel(kw: number): string {
  if (Math.abs(kw) >= 1000) return `${(kw / 1000).toLocaleString(undefined, { maximumFractionDigits: 2 })} MW`;
  return `${kw.toLocaleString(undefined, { maximumFractionDigits: Math.abs(kw) < 10 ? 2 : 1 })} kW`;
}

/** Points are [time ms, power W]; the time axis spans at least `spanS` seconds up to the last point (or now). */
export function PowerChart({ points, label, height = 240, color = '#1f6feb', spanS = 600 }: {
  points: ReadonlyArray<readonly [number, number]>; label: string; height?: number; color?: string; spanS?: number;
}) {
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => ({
    legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    // Live charts start with a few points (or none): the axis still shows the whole span, ending now.
    scales: {
      x: {
        time: true,
        // From the data itself: uPlot widens a single point to a huge span before calling this.
        range: (u) => {
          const xs = u.data[0];
          const end = xs.length > 0 ? xs[xs.length - 1]! : Date.now() / 1000;
          const start = xs.length > 0 ? xs[0]! : end;
          return end - start >= spanS ? [start, end] : [end - spanS, end];
        },
      },
      y: { range: (_u, _min, max) => [0, Math.max(1, (max ?? 0) * 1.1)] },
    },
    axes: [
      { ...axisStyle, space: 70 },
      { ...axisStyle, size: 70, values: (_u, ticks) => ticks.map(kwLabel) },
    ],
    series: [{ label: 'Time' }, areaSeries('Power', color, 'kW')],
  }), [color, spanS]);
  const data = useMemo<uPlot.AlignedData>(() => [points.map((p) => p[0] / 1000), points.map((p) => p[1] / 1000)], [points]);
  return <UPlotChart options={options} data={data} height={height} label={label} />;
}
