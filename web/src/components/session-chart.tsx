/** A session's power and offered limit (kW), delivered energy (kWh) and state of charge (%) over time, on one uPlot chart. */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { SampleSeries } from '../api/types.js';
import { UPlotChart, areaSeries, axisStyle } from './uplot-chart.js';

function pick(series: SampleSeries[], measurand: string): SampleSeries | undefined {
  return series.find((s) => s.measurand === measurand && s.phase === null) ?? series.find((s) => s.measurand === measurand);
}

function toKilo(unit: string): number {
  return unit === 'kW' || unit === 'kWh' ? 1 : 1 / 1000;
}

/** Merges the series on their shared time axis (seconds); a series without a point at a time gets null there. */
export function alignSeries(series: SampleSeries[]): uPlot.AlignedData {
  const power = pick(series, 'Power.Active.Import');
  const energy = pick(series, 'Energy.Active.Import.Register');
  const soc = pick(series, 'SoC');
  const offered = pick(series, 'Power.Offered');
  const maps = [power, energy, soc, offered].map(() => new Map<number, number>());
  const times = new Set<number>();
  const firstEnergy = energy?.points[0]?.[1] ?? 0;
  power?.points.forEach((p) => { times.add(p[0]); maps[0]!.set(p[0], p[1] * toKilo(power.unit)); });
  energy?.points.forEach((p) => { times.add(p[0]); maps[1]!.set(p[0], (p[1] - firstEnergy) * toKilo(energy.unit)); });
  soc?.points.forEach((p) => { times.add(p[0]); maps[2]!.set(p[0], p[1]); });
  offered?.points.forEach((p) => { times.add(p[0]); maps[3]!.set(p[0], p[1] * toKilo(offered.unit)); });
  const xs = [...times].sort((a, b) => a - b);
  return [xs.map((t) => t / 1000), ...maps.map((m) => xs.map((t) => m.get(t) ?? null))];
}

/** The chart. */
export function SessionChart({ series }: { series: SampleSeries[] }) {
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => ({
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true }, kw: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] }, kwh: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] }, pct: { range: [0, 100] } },
    axes: [
      { ...axisStyle, space: 70 },
      { ...axisStyle, scale: 'kw', size: 64, values: (_u, t) => t.map((v) => `${v} kW`) },
      { ...axisStyle, scale: 'kwh', side: 1, size: 70, grid: { show: false }, stroke: '#8250df', values: (_u, t) => t.map((v) => `${v} kWh`) },
      { ...axisStyle, scale: 'pct', side: 1, size: 52, grid: { show: false }, stroke: '#1a7f37', values: (_u, t) => t.map((v) => `${v} %`) },
    ],
    series: [
      { label: 'Time' },
      { ...areaSeries('Power', '#1f6feb', 'kW', 'kw'), spanGaps: true },
      { label: 'Energy', scale: 'kwh', stroke: '#8250df', width: 2, spanGaps: true, points: { show: false }, value: (_u, v) => (v == null ? '—' : `${v.toFixed(2)} kWh`) },
      { label: 'SoC', scale: 'pct', stroke: '#1a7f37', width: 2, dash: [6, 4], spanGaps: true, points: { show: false }, value: (_u, v) => (v == null ? '—' : `${v.toFixed(0)} %`) },
      { label: 'Offered', scale: 'kw', stroke: '#9a5b00', width: 1.5, dash: [2, 3], spanGaps: true, points: { show: false }, value: (_u, v) => (v == null ? '—' : `${v.toFixed(1)} kW`) },
    ],
  }), []);
  const data = useMemo(() => alignSeries(series), [series]);
  return <UPlotChart options={options} data={data} height={300} label="Session power, energy and state of charge over time" />;
}
