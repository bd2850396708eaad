// "On call now": per schedule, who is on call and until when, and who is next from when (local time). A schedule
// with nobody on call now is said in red: an escalation level that counts on it is skipped.
import type { OnCallNow as OnCallNowData } from '../../src-shared/schemas/oncall.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useOnCall } from './context.ts';
import { formatWhen } from './format.ts';
import { useMinute, usePeople, type People } from './usePeople.ts';
import { Swatch } from './Swatch.tsx';

type Row = OnCallNowData['schedules'][number];

export function OnCallNow() {
  const now = useOnCall((s) => s.now);
  const people = usePeople();
  const minute = useMinute();
  return (
    <section className="card" aria-labelledby="oncall-now-title">
      <h2 id="oncall-now-title">On call now</h2>
      {!now ? <p className="muted">Loading…</p>
        : now.schedules.length === 0 ? <p className="muted">No schedules yet: create one below.</p>
          : (
            <ul className="oncall-now" aria-label="On call now">
              {now.schedules.map((s) => <NowRow key={s.scheduleId} row={s} people={people} nowMs={minute} />)}
            </ul>
          )}
    </section>
  );
}

function NowRow({ row, people, nowMs }: { row: Row; people: People; nowMs: number }) {
  const name = displayText(row.name);
  return (
    <li className="oncall-now-row" aria-label={name}>
      <strong className="oncall-now-schedule">{name}</strong>
      {row.userId ? (
        <span className="oncall-now-person">
          <Swatch color={people.colorOf(row.userId)} />
          <span className="oncall-now-name">{people.nameOf(row.userId)}</span>
          <span className="muted">{row.until ? ` until ${formatWhen(row.until, nowMs)}` : ' for the next 90 days at least'}</span>
        </span>
      ) : (
        <span className="oncall-gap-note">
          {`Nobody is on call now${row.until ? ` (until ${formatWhen(row.until, nowMs)})` : ''}`}
        </span>
      )}
      {row.next && (
        <span className="oncall-next">
          Next: <Swatch color={people.colorOf(row.next.userId)} />{people.nameOf(row.next.userId)}
          <span className="muted">{` from ${formatWhen(row.next.start, nowMs)}`}</span>
        </span>
      )}
    </li>
  );
}
