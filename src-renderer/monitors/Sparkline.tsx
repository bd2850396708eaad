// A monitor's response time over the last 24 h as a small inline SVG line: dozens of rows each with a chart, so no
// canvas or chart library per row (uPlot would draw a canvas and measure text for each); the numbers are in its label.
import type { ResponsePoint } from '../../src-shared/domain/monitors/summary.ts';

const W = 120;
const H = 28;

export function Sparkline({ points, source, name }: { points: readonly ResponsePoint[]; source: 'checks' | 'hourly'; name: string }) {
  if (points.length === 0) return <span className="sparkline-empty muted">No response times</span>;
  const ms = points.map((p) => p.ms);
  const max = Math.max(...ms);
  const avg = Math.round(ms.reduce((a, b) => a + b, 0) / ms.length);
  const t0 = points[0]!.atMs;
  const span = Math.max(1, points[points.length - 1]!.atMs - t0);
  const xy = points.map((p) => `${((p.atMs - t0) / span * W).toFixed(1)},${(H - 1 - (p.ms / Math.max(1, max)) * (H - 2)).toFixed(1)}`);
  const label = `Response time of ${name}, last 24 h (${source === 'checks' ? 'each check' : 'hourly averages'}): average ${avg} ms, highest ${max} ms`;
  return (
    <svg className="sparkline" role="img" aria-label={label} viewBox={`0 0 ${W} ${H}`} width={W} height={H} preserveAspectRatio="none">
      <title>{label}</title>
      {points.length === 1
        ? <circle cx={W / 2} cy={H / 2} r={2} />
        : <polyline points={xy.join(' ')} fill="none" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />}
    </svg>
  );
}
