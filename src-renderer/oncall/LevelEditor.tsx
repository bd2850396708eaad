// One level of a policy being edited: whom it notifies (people and schedules, all at once), after how many minutes
// it escalates, its place in the order; yellow when its targets have nobody on call now.
import type { Schedule, Target } from '../../src-shared/schemas/oncall.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import type { LevelDraft } from './policy-form.ts';
import { sameTarget } from './policy-form.ts';
import type { People } from './usePeople.ts';
import { NOBODY_AT_LEVEL } from './targets.ts';
import { RowControls } from './RowControls.tsx';

export interface LevelEditorProps {
  level: LevelDraft;
  index: number;
  count: number;
  people: People;
  schedules: readonly Schedule[];
  describe(t: Target): string;
  /** Null: not known (who is on call now has not loaded). */
  nobodyNow: boolean | null;
  onChange(patch: Partial<LevelDraft>): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

export function LevelEditor({ level, index, count, people, schedules, describe, nobodyNow, onChange, onMove, onRemove }: LevelEditorProps) {
  const label = `Level ${index + 1}`;
  const has = (t: Target) => level.targets.some((x) => sameTarget(x, t));
  const add = (value: string) => {
    const [type, ...rest] = value.split(':');
    const t = { type: type as Target['type'], id: rest.join(':') };
    if (rest.length > 0 && !has(t)) onChange({ targets: [...level.targets, t] });
  };
  return (
    <fieldset className="level-editor" aria-label={label}>
      <legend>{label}</legend>
      <RowControls label={label} index={index} count={count} removeText="Remove level" keepOne onMove={onMove} onRemove={onRemove} />
      <ul className="targets" aria-label={`Notified at ${label}`}>
        {level.targets.map((t) => (
          <li key={`${t.type}:${t.id}`} className="target">
            <span>{describe(t)}</span>
            <button type="button" className="btn btn-small" aria-label={`Take ${describe(t)} out of ${label}`}
              onClick={() => onChange({ targets: level.targets.filter((x) => !sameTarget(x, t)) })}>✕</button>
          </li>
        ))}
      </ul>
      <select aria-label={`Notify at ${label}`} value="" onChange={(e) => add(e.target.value)}>
        <option value="">Add a person or schedule…</option>
        <optgroup label="Schedules (whoever is on call)">
          {schedules.filter((s) => !has({ type: 'schedule', id: s.id })).map((s) => <option key={s.id} value={`schedule:${s.id}`}>{displayText(s.name)}</option>)}
        </optgroup>
        <optgroup label="People">
          {people.users.filter((u) => !has({ type: 'user', id: u.id })).map((u) => <option key={u.id} value={`user:${u.id}`}>{people.nameOf(u.id)}</option>)}
        </optgroup>
      </select>
      <label className="field-inline">Escalates after
        <input type="number" className="minutes" min={1} value={level.delayMinutes} onChange={(e) => onChange({ delayMinutes: e.target.value })} />
        minutes without an acknowledgement
      </label>
      {nobodyNow && <p className="warning level-warning">{NOBODY_AT_LEVEL}</p>}
    </fieldset>
  );
}
