// One chart of the report, drawn by uPlot (small and fast: canvas, no DOM per point): weeks along the x axis, one
// line per service or person, or stacked bars for counts. uPlot owns its DOM inside the figure; React only hands it
// new data and takes it down.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { colourOf, stacked, type Series } from './report-series.ts';

export interface ReportChartProps {
  title: string;
  /** Monday 00:00 UTC of each week, ms. */
  weeks: readonly number[];
  series: readonly Series[];
  kind: 'lines' | 'stacked-bars';
  /** How a value is written on the y axis and in the legend. */
  format: (v: number) => string;
}

const HEIGHT = 220;
const weekLabel = (ms: number) => new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

function options(p: ReportChartProps, width: number): uPlot.Options {
  const bars = p.kind === 'stacked-bars';
  // Stacked bars: each series is drawn reaching its running total, the tallest first, so each shows in front of the
  // one above it; the legend still says each one's own count.
  const drawn = bars ? [...p.series].reverse() : p.series;
  const own = new Map(p.series.map((s) => [s.key, s.values]));
  return {
    title: p.title,
    width,
    height: HEIGHT,
    ms: 1,
    scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      { values: (_u, splits) => splits.map((v) => (p.weeks.includes(v) ? weekLabel(v) : '')), splits: () => [...p.weeks] },
      { values: (_u, splits) => splits.map((v) => p.format(v)), size: 70 },
    ],
    series: [
      { label: 'Week', value: (_u, v) => (v === null ? '—' : weekLabel(v)) },
      ...drawn.map((s): uPlot.Series => ({
        label: displayText(s.name),
        stroke: colourOf(s.key),
        fill: bars ? colourOf(s.key) : undefined,
        width: bars ? 0 : 2,
        spanGaps: false,
        points: { show: !bars },
        paths: bars ? uPlot.paths.bars!({ size: [0.6, 48] }) : undefined,
        value: (_u, v, _si, i) => {
          const raw = bars && i !== null ? own.get(s.key)?.[i] ?? null : v;
          return raw === null || raw === undefined ? '—' : p.format(raw);
        },
      })),
    ],
  };
}

export function ReportChart(props: ReportChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const { title, weeks, series, kind, format } = props;
  // Drawn again only when what it shows changes (the page keeps weeks and series from one load, format is a constant).
  useEffect(() => {
    const props = { title, weeks, series, kind, format };
    const el = holder.current;
    if (!el) return;
    const width = () => Math.max(320, el.clientWidth || 640);
    const drawn = props.kind === 'stacked-bars' ? stacked(props.series).reverse() : props.series;
    const data: uPlot.AlignedData = [[...props.weeks], ...drawn.map((s) => [...s.values])];
    const plot = new uPlot(options(props, width()), data, el);
    const resize = () => plot.setSize({ width: width(), height: HEIGHT });
    window.addEventListener('resize', resize);
    return () => { window.removeEventListener('resize', resize); plot.destroy(); };
  }, [title, weeks, series, kind, format]);
  return (
    <figure className="report-chart" aria-label={title}>
      <div ref={holder} />
      {series.length === 0 && <figcaption className="muted">No incidents in this range.</figcaption>}
    </figure>
  );
}
