// The last 90 days as one bar each: green when all was up, shading to red as uptime falls, grey for a day nothing
// was concluded. Each bar says its date and uptime on hover (title) and to screen readers (the row reads as a list);
// a tap (no hover on a touch screen) shows it under the bars.
import { useState } from 'react';
import { formatUptime, type DayBar } from '../../src-shared/domain/monitors/summary.ts';

/** The bar's class: how bad the day was (thresholds as status pages draw them). */
export function barLevel(uptime: number | null): 'none' | 'ok' | 'minor' | 'major' | 'bad' {
  if (uptime === null) return 'none';
  if (uptime >= 0.9995) return 'ok';
  if (uptime >= 0.99) return 'minor';
  if (uptime >= 0.95) return 'major';
  return 'bad';
}

const barText = (b: DayBar) => `${b.day}: ${b.uptime === null ? 'no data' : `${formatUptime(b.uptime)} up`}`;

export function UptimeBars({ bars, name }: { bars: readonly DayBar[]; name: string }) {
  const [tapped, setTapped] = useState<string | null>(null);
  return (
    <div className="uptime">
      <ul className="uptime-bars" aria-label={`Uptime of ${name}, last ${bars.length} days`}>
        {bars.map((b) => (
          <li key={b.day} className={`bar bar-${barLevel(b.uptime)}`} title={barText(b)} aria-label={barText(b)} onClick={() => setTapped(barText(b))} />
        ))}
      </ul>
      {tapped && <span className="uptime-tapped muted">{tapped}</span>}
    </div>
  );
}
