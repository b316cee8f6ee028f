/** A uPlot time-series chart that fills its container's width and redraws in place when data changes. */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Props: uPlot options without size, the aligned data (x in seconds), a height and an accessible label. */
export interface UPlotChartProps {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height?: number;
  label: string;
}

/** Renders the chart; options are read once per identity change, data updates are cheap. */
export function UPlotChart({ options, data, height = 260, label }: UPlotChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const plot = new uPlot({ ...options, width: Math.max(200, el.clientWidth), height }, latest.current, el);
    chart.current = plot;
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
      chart.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div className="chart" ref={container} role="img" aria-label={label} />;
}

/** Axis colours and fonts matching the stylesheet. */
export const axisStyle: Partial<uPlot.Axis> = {
  stroke: '#5b6472',
  grid: { stroke: '#e8ebf0', width: 1 },
  ticks: { stroke: '#e8ebf0', width: 1 },
  font: '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
};

/** A filled area series in one of the palette colours. */
export function areaSeries(label: string, color: string, unit: string, scale = 'y', digits = 1): uPlot.Series {
  return {
    label, scale, stroke: color, width: 2, fill: `${color}1f`, points: { show: false },
    value: (_u, v) => (v === null || v === undefined ? '—' : `${v.toFixed(digits)} ${unit}`),
  };
}
