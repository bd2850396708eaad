// When a layer may be on call: every day from … to …, or every week from a day and time to a day and time. With no
// row the layer applies all the time; outside every row it has a gap (earlier layers show through).
import type { RestrictionDraft } from './schedule-form.ts';
import { DAY_NAMES, newRestriction } from './schedule-form.ts';

export function RestrictionRows({ label, rows, onChange }: { label: string; rows: readonly RestrictionDraft[]; onChange: (rows: RestrictionDraft[]) => void }) {
  const put = (i: number, patch: Partial<RestrictionDraft>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="restrictions" aria-label={label}>
      <legend>Only on call</legend>
      {rows.length === 0 && <p className="muted">All the time.</p>}
      {rows.map((r, i) => (
        <div key={i} className="inline restriction" role="group" aria-label={`${label} ${i + 1}`}>
          <span>{r.type === 'daily' ? 'Every day from' : 'Every week from'}</span>
          {r.type === 'weekly' && <DaySelect label="From day" value={r.startDay} onChange={(startDay) => put(i, { startDay })} />}
          <input type="time" aria-label="From time" value={r.startTime} onChange={(e) => put(i, { startTime: e.target.value })} />
          <span>to</span>
          {r.type === 'weekly' && <DaySelect label="To day" value={r.endDay} onChange={(endDay) => put(i, { endDay })} />}
          <input type="time" aria-label="To time" value={r.endTime} onChange={(e) => put(i, { endTime: e.target.value })} />
          <button type="button" className="btn btn-small" aria-label={`Remove restriction ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>✕</button>
        </div>
      ))}
      <div className="inline">
        <button type="button" className="btn btn-small" onClick={() => onChange([...rows, newRestriction('daily')])}>Add daily hours</button>
        <button type="button" className="btn btn-small" onClick={() => onChange([...rows, newRestriction('weekly')])}>Add weekly hours</button>
      </div>
    </fieldset>
  );
}

function DaySelect({ label, value, onChange }: { label: string; value: number; onChange: (day: number) => void }) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {DAY_NAMES.map((d, i) => <option key={d} value={i + 1}>{d}</option>)}
    </select>
  );
}
