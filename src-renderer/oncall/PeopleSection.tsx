// People who can be put on call. A person can be on a schedule before their laptop joins the team: add them here
// by name; their devices are linked to them when they join (Team page).
import { useState } from 'react';
import { useApi } from '../store/context.tsx';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { useOnCall, useOnCallStore } from './context.ts';
import { usePeople } from './usePeople.ts';
import { Swatch } from './Swatch.tsx';

export function PeopleSection() {
  const api = useApi();
  const store = useOnCallStore();
  const self = useOnCall((s) => s.selfUserId);
  const people = usePeople();
  const [name, setName] = useState('');
  const action = useAction();
  const add = async () => {
    const ok = await action.run(async () => { await api.send('users.create', { name: name.trim() }); await store.getState().reload(); }, 'Person added');
    if (ok) setName('');
  };
  return (
    <section className="card" aria-labelledby="oncall-people-title">
      <h2 id="oncall-people-title">People</h2>
      <ul className="legend" aria-label="People">
        {people.users.map((u) => (
          <li key={u.id}><Swatch color={people.colorOf(u.id)} />{people.nameOf(u.id)}{u.id === self && <span className="muted"> (you)</span>}</li>
        ))}
      </ul>
      <form className="inline-form" aria-label="Add a person" onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <input aria-label="Name of the person" placeholder="Name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="btn" disabled={action.running || name.trim() === ''}>Add person</button>
      </form>
      <ActionMessage message={action.message} failed={action.failed} />
    </section>
  );
}
