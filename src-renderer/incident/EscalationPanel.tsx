// Where the incident's escalation stands (derived by the host from the policy, the schedules and the clock): the
// level, who is paged, when it escalates next; a warning for levels skipped with nobody on call; an acknowledgement
// that runs out; and "Escalate now", which pages the next level at once (even after an acknowledgement).
import { useStore } from 'zustand';
import type { Incident, IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { isOpenStatus } from '../../src-shared/domain/lifecycle.ts';
import { useApi } from '../store/context.tsx';
import { nowStore } from '../store/now-store.ts';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { useOnCall } from '../oncall/context.ts';
import { namesFor } from '../oncall/format.ts';
import { acknowledgedUntilText, escalationSummary, escalationWarning } from './escalation-text.ts';

export function EscalationPanel({ incident, escalation, onEscalated }: { incident: Incident; escalation: IncidentDetail['escalation']; onEscalated: (d: IncidentDetail) => void }) {
  const api = useApi();
  // The page's directory of people and policies (OnCallContext): names for who is paged, the policy's length.
  const users = useOnCall((s) => s.users);
  const policy = useOnCall((s) => (escalation ? s.policies?.find((p) => p.id === escalation.policyId) ?? null : null));
  const minute = useStore(nowStore, (s) => Math.floor(s.now / 60_000) * 60_000);
  const action = useAction();
  const untilText = acknowledgedUntilText(incident, minute);
  if (!escalation && !untilText) return null;
  const nameOf = namesFor(users);
  const warning = escalation && escalationWarning(escalation);
  const escalate = () => action.run(async () => onEscalated(await api.send('incidents.escalate', { id: incident.id })), 'Escalated');
  return (
    <section className="card escalation" aria-label="Escalation">
      {escalation && (
        <>
          <h2>{policy ? `Escalation · ${displayText(policy.name)}` : 'Escalation'}</h2>
          <p className="escalation-summary">{escalationSummary(escalation, policy?.levels.length ?? null, incident.urgency, nameOf, minute)}</p>
          {warning && <p className="warning level-warning" role="alert">{warning}</p>}
        </>
      )}
      {untilText && <p className="escalation-ack-until">{untilText}</p>}
      {escalation && (
        <button type="button" className="btn" disabled={action.running || !isOpenStatus(incident.status)} onClick={() => void escalate()}>Escalate now</button>
      )}
      <ActionMessage message={action.message} failed={action.failed} />
    </section>
  );
}
