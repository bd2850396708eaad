// Settings → a service → Paging: which escalation policy pages for it, how long an acknowledgement holds before the
// incident is triggered again, when an open incident is resolved by itself, and the support hours (urgency high
// inside, low outside, open low incidents raised when they begin).
import { useState } from 'react';
import type { Service } from '../../src-shared/schemas/admin.ts';
import type { EscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useApi } from '../store/context.tsx';
import { localZone, timeZones } from '../oncall/schedule-form.ts';
import { ActionMessage, useAction } from './useAction.tsx';
import { DAY_SHORT, pagingDraft, pagingPatch, type PagingDraft } from './service-paging.ts';

export function ServicePagingForm({ service, policies }: { service: Service; policies: readonly EscalationPolicy[] | null }) {
  const api = useApi();
  // What was loaded (then what was saved): a save sends only the settings that differ from it (a teammate may have
  // changed the others meanwhile).
  const [loaded, setLoaded] = useState(() => pagingDraft(service, localZone()));
  const [draft, setDraft] = useState(loaded);
  const [zones] = useState(() => timeZones(service.supportHours?.timeZone));
  const action = useAction();
  const name = displayText(service.name);
  const put = (patch: Partial<PagingDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const toggleDay = (day: number) => put({ days: draft.days.includes(day) ? draft.days.filter((d) => d !== day) : [...draft.days, day] });
  const save = () => action.run(async () => {
    const checked = pagingPatch(loaded, draft);
    if ('error' in checked) throw new Error(checked.error);
    if (Object.keys(checked.patch).length > 0) await api.send('services.update', { id: service.id, patch: checked.patch });
    setLoaded(draft);
  });
  return (
    <form className="paging-form" aria-label={`Paging of ${name}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label className="field"><span>Escalation policy</span>
        <select value={draft.policyId} onChange={(e) => put({ policyId: e.target.value })}>
          <option value="">None: every device pages</option>
          {policies?.map((p) => <option key={p.id} value={p.id}>{displayText(p.name)}</option>)}
          {draft.policyId && !policies?.some((p) => p.id === draft.policyId) && <option value={draft.policyId}>{draft.policyId}</option>}
        </select>
      </label>
      <label className="field-inline">Acknowledgement timeout
        <input type="number" className="minutes" min={1} placeholder="none" value={draft.ackTimeout} onChange={(e) => put({ ackTimeout: e.target.value })} />
        minutes (then triggered again, escalation from level 1)
      </label>
      <label className="field-inline">Auto-resolve after
        <input type="number" className="minutes" min={1} placeholder="never" value={draft.autoResolve} onChange={(e) => put({ autoResolve: e.target.value })} />
        minutes open
      </label>
      <fieldset className="support-hours">
        <legend>
          <label className="field-inline"><input type="checkbox" checked={draft.supportHours} onChange={(e) => put({ supportHours: e.target.checked })} />Support hours</label>
        </legend>
        {draft.supportHours && (
          <>
            <div className="inline" role="group" aria-label="Support days">
              {DAY_SHORT.map((d, i) => (
                <label key={d} className="field-inline"><input type="checkbox" checked={draft.days.includes(i + 1)} onChange={() => toggleDay(i + 1)} />{d}</label>
              ))}
            </div>
            <div className="inline">
              <input type="time" aria-label="Support hours start" value={draft.start} onChange={(e) => put({ start: e.target.value })} />
              <span>to</span>
              <input type="time" aria-label="Support hours end" value={draft.end} onChange={(e) => put({ end: e.target.value })} />
              <select aria-label="Support hours time zone" value={draft.timeZone} onChange={(e) => put({ timeZone: e.target.value })}>
                {zones.map((z) => <option key={z} value={z}>{z}</option>)}
              </select>
            </div>
            <p className="muted">Incidents are high urgency inside these hours and low outside; open low ones are raised when they begin.</p>
          </>
        )}
      </fieldset>
      <div className="inline">
        <button type="submit" className="btn" disabled={action.running}>Save paging</button>
        <ActionMessage message={action.message} failed={action.failed} />
      </div>
    </form>
  );
}
