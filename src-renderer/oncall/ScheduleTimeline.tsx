// One schedule over two weeks, today at the left: a day grid, its final shifts as blocks in each person's colour
// (the spans overrides decide hatched and outlined on top), the gaps where nobody is on call in red, and a line at
// now. Plain DOM: blocks placed in percent of the range, so the row stretches with the window. Clicking a shift
// offers to cover it (the hatching lets the click through).
import type { Override, Shift } from '../../src-shared/schemas/oncall.ts';
import { dayMarks, nowLeft, placeGaps, placeOverrides, placeShifts, type Range } from './timeline-layout.ts';
import { formatSpan, shiftTitle } from './format.ts';
import type { People } from './usePeople.ts';

const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric' });
const at = (left: number, width?: number) => ({ left: `${left}%`, ...(width === undefined ? {} : { width: `${width}%` }) });
const iso = (ms: number) => new Date(ms).toISOString();

export interface TimelineProps {
  name: string;
  shifts: readonly Shift[];
  /** The schedule's overrides (those not ended): which parts of the shifts they make. */
  overrides: readonly Override[];
  range: Range;
  nowMs: number;
  people: People;
  onPick(shift: Shift): void;
}

export function ScheduleTimeline({ name, shifts, overrides, range, nowMs, people, onPick }: TimelineProps) {
  const marks = dayMarks(range);
  const now = nowLeft(nowMs, range);
  return (
    <div className="tl" role="group" aria-label={`Timeline of ${name}`}>
      <div className="tl-days" aria-hidden="true">
        {marks.map((m) => <span key={m.at} className={`tl-day${m.weekend ? ' tl-weekend' : ''}`} style={at(m.left)}>{dayLabel.format(m.at)}</span>)}
      </div>
      <div className="tl-track">
        {marks.map((m) => <span key={m.at} className={`tl-grid${m.weekend ? ' tl-weekend' : ''}`} style={at(m.left)} aria-hidden="true" />)}
        {placeGaps(shifts, range).map((g) => (
          <span key={g.start} className="tl-gap" style={at(g.left, g.width)} title={`Nobody on call, ${formatSpan(iso(g.start), iso(g.end))}`}
            role="img" aria-label={`Nobody on call, ${formatSpan(iso(g.start), iso(g.end))}`} />
        ))}
        {placeShifts(shifts, range).map((p) => {
          const person = people.nameOf(p.userId);
          const title = `${shiftTitle(person, p.shift.start, p.shift.end, false)}${p.override ? ' (with an override)' : ''}`;
          return (
            <button key={`${p.start}:${p.userId}`} type="button" className="tl-shift"
              style={{ ...at(p.left, p.width), backgroundColor: people.colorOf(p.userId) }} title={title} aria-label={title}
              onClick={() => onPick(p.shift)}>
              {person}
            </button>
          );
        })}
        {placeOverrides(overrides, shifts, range).map((o) => {
          const title = shiftTitle(people.nameOf(o.userId), iso(o.start), iso(o.end), true);
          return <span key={`${o.start}:${o.userId}`} className="tl-override" style={at(o.left, o.width)} title={title} role="img" aria-label={title} />;
        })}
        {now !== null && <span className="tl-now" style={at(now)} title="Now" aria-hidden="true" />}
      </div>
    </div>
  );
}
