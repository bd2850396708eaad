// Change urgency, priority and assignee (applied at once, rolled back with an error if the host refuses).
import { useState } from 'react';
import type { Incident } from '../../src-shared/schemas/incidents.ts';
import { useStores } from '../store/context.tsx';

export function EditIncident({ incident }: { incident: Incident }) {
  const { queue } = useStores();
  const [assignee, setAssignee] = useState(incident.assignee?.id ?? '');
  const update = (patch: Parameters<ReturnType<typeof queue.getState>['update']>[1]) => void queue.getState().update(incident.id, patch);
  return (
    <section className="edit" aria-label="Change">
      <label className="field">
        <span>Urgency</span>
        <select aria-label="Urgency" value={incident.urgency} onChange={(e) => update({ urgency: e.target.value as Incident['urgency'] })}>
          <option value="HIGH">High</option>
          <option value="LOW">Low</option>
        </select>
      </label>
      <label className="field">
        <span>Priority</span>
        <select aria-label="Priority" value={incident.priority ?? ''} onChange={(e) => update({ priority: (e.target.value || null) as Incident['priority'] })}>
          <option value="">None</option>
          {['P1', 'P2', 'P3', 'P4'].map((p) => <option key={p} value={p}>{p}</option>)}
        </select>
      </label>
      <form className="field" onSubmit={(e) => { e.preventDefault(); update({ assigneeId: assignee.trim() || null }); }}>
        <label htmlFor="assignee">Assignee</label>
        <span className="inline">
          <input id="assignee" value={assignee} placeholder="user id (empty: unassigned)" onChange={(e) => setAssignee(e.target.value)} />
          <button type="submit" className="btn btn-small">Assign</button>
        </span>
      </form>
    </section>
  );
}
