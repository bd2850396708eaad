// One chart of the report, drawn by uPlot (small and fast: canvas, no DOM per point): weeks along the x axis, one
// line per service or person, or stacked bars for counts. uPlot owns its DOM inside the figure; React only hands it
// new data and takes it down.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { colourAt, stacked, type Series } from './report-series.ts';

export interface ReportChartProps {
  title: string;
  /** Monday 00:00 UTC of each week, ms. */
  weeks: readonly number[];
  series: readonly Series[];
  kind: 'lines' | 'stacked-bars';
  /** How a value is written on the y axis and in the legend. */
  format: (v: number) => string;
  /** The y axis's top, fixed (a share: 100); otherwise a little above the highest value. */
  yMax?: number;
  /** Whole numbers only on the y axis (counts). */
  whole?: boolean;
}

const HEIGHT = 220;
const HALF_WEEK_MS = 3.5 * 86_400_000;
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];
const labelEvery = (weeks: number) => (weeks <= 8 ? 1 : weeks <= 16 ? 2 : 4);
const weekLabel = (ms: number) => new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

function options(p: ReportChartProps, width: number): uPlot.Options {
  const bars = p.kind === 'stacked-bars';
  // Stacked bars: each series is drawn reaching its running total, the tallest first, so each shows in front of the
  // one above it; the legend still says each one's own count.
  const drawn = bars ? [...p.series].reverse() : p.series;
  const own = new Map(p.series.map((s) => [s.key, s.values]));
  // Colours by place in the report (every chart lists the same keys in the same order), so no two series share one.
  const colour = new Map(p.series.map((s, i) => [s.key, colourAt(i)]));
  return {
    title: p.title,
    width,
    height: HEIGHT,
    ms: 1,
    scales: {
      // Half a week of room either side, so the first and last weeks' bars are drawn whole.
      x: { time: false, range: () => [(p.weeks[0] ?? 0) - HALF_WEEK_MS, (p.weeks.at(-1) ?? 0) + HALF_WEEK_MS] },
      // At least 1 (a minute, an incident): values of a few seconds would otherwise get ticks that all read "0 s".
      y: { range: (_u, _min, max) => [0, p.yMax ?? Math.max((max ?? 0) * 1.1, 1)] },
    },
    axes: [
      // A tick per week, labelled every week, or every 2nd or 4th when 12 or 26 weeks would crowd the axis.
      { values: (_u, splits) => splits.map((v, i) => (i % labelEvery(p.weeks.length) === 0 ? weekLabel(v) : '')), splits: () => [...p.weeks] },
      { values: (_u, splits) => splits.map((v) => p.format(v)), size: 70, ...(p.whole ? { incrs: WHOLE_STEPS } : {}) },
    ],
    series: [
      { label: 'Week', value: (_u, v) => (v === null ? '—' : weekLabel(v)) },
      ...drawn.map((s): uPlot.Series => ({
        label: displayText(s.name),
        stroke: colour.get(s.key),
        fill: bars ? colour.get(s.key) : undefined,
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
  const { title, weeks, series, kind, format, yMax, whole } = props;
  // Drawn again only when what it shows changes (the page keeps weeks and series from one load, format is a constant).
  useEffect(() => {
    const props = { title, weeks, series, kind, format, yMax, whole };
    const el = holder.current;
    if (!el) return;
    const width = () => Math.max(320, el.clientWidth || 640);
    const drawn = props.kind === 'stacked-bars' ? stacked(props.series).reverse() : props.series;
    const data: uPlot.AlignedData = [[...props.weeks], ...drawn.map((s) => [...s.values])];
    const plot = new uPlot(options(props, width()), data, el);
    const resize = () => plot.setSize({ width: width(), height: HEIGHT });
    window.addEventListener('resize', resize);
    return () => { window.removeEventListener('resize', resize); plot.destroy(); };
  }, [title, weeks, series, kind, format, yMax, whole]);
  return (
    <figure className="report-chart" aria-label={title}>
      <div ref={holder} />
      {series.length === 0 && <figcaption className="muted">No incidents in this range.</figcaption>}
    </figure>
  );
}
