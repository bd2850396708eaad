// The people of a layer, in the order they take turns: add from everyone known, move up or down, take out.
import type { People } from './usePeople.ts';
import { Swatch } from './Swatch.tsx';

export function PeoplePicker({ label, userIds, people, onChange }: { label: string; userIds: readonly string[]; people: People; onChange: (ids: string[]) => void }) {
  const move = (i: number, by: number) => {
    const next = [...userIds];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onChange(next);
  };
  const others = people.users.filter((u) => !userIds.includes(u.id));
  return (
    <div className="people-picker" role="group" aria-label={label}>
      <ol className="picked">
        {userIds.map((id, i) => {
          const name = people.nameOf(id);
          return (
            <li key={id}>
              <Swatch color={people.colorOf(id)} /><span>{name}</span>
              <button type="button" className="btn btn-small" aria-label={`Move ${name} earlier`} disabled={i === 0} onClick={() => move(i, -1)}>↑</button>
              <button type="button" className="btn btn-small" aria-label={`Move ${name} later`} disabled={i === userIds.length - 1} onClick={() => move(i, 1)}>↓</button>
              <button type="button" className="btn btn-small" aria-label={`Take ${name} out`} onClick={() => onChange(userIds.filter((x) => x !== id))}>✕</button>
            </li>
          );
        })}
      </ol>
      <select aria-label={`Add a person to ${label}`} value="" disabled={others.length === 0}
        onChange={(e) => { if (e.target.value) onChange([...userIds, e.target.value]); }}>
        <option value="">{others.length === 0 ? 'Everyone is in' : 'Add a person…'}</option>
        {others.map((u) => <option key={u.id} value={u.id}>{people.nameOf(u.id)}</option>)}
      </select>
    </div>
  );
}
