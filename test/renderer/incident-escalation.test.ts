// The incident page's escalation, as the host derived it: "Level 2 of 3 — paging Alice, Bob — escalates to level 3
// at 14:05", the levels skipped with nobody on call, a policy with nobody at all, an acknowledgement that runs out,
// and "Escalate now" (enabled while the incident is open on a service with a policy), which shows the host's answer.
// The level is said there only, not again among the incident's fields.
process.env.TZ = 'Europe/Berlin';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EscalationState } from '../../src-shared/schemas/oncall.ts';
import type { IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import { acknowledgedUntilText, escalationChangeAt, escalationSummary, escalationWarning } from '../../src-renderer/incident/escalation-text.ts';
import { namesFor } from '../../src-renderer/oncall/format.ts';
import { componentTests, eventually, userDoes } from './support/dom.ts';
import { createFakeApi, makeIncident } from './support/fake-api.ts';
import { policy, user } from './support/oncall-fixtures.ts';

const NOW = Date.parse('2026-03-04T13:50:00+01:00');
const nameOf = namesFor([user('usr_a', 'Alice'), user('usr_b', 'Bob')]);
const state = (over: Partial<EscalationState> = {}): EscalationState => ({
  policyId: 'pol_1', level: 2, loop: 0, nextEscalationAt: '2026-03-04T13:05:00Z', nextChangeAt: '2026-03-04T13:05:00Z', emptyLevels: [], nobodyOnCall: false,
  paging: [{ userId: 'usr_a', via: { type: 'schedule', id: 'sch_1' } }, { userId: 'usr_b', via: { type: 'user', id: 'usr_b' } }], ...over,
});

test('the summary says the level of how many, who is paged and when it escalates next, in local time', () => {
  assert.equal(escalationSummary(state(), 3, 'HIGH', nameOf, NOW, 'en-GB'), 'Level 2 of 3 — paging Alice, Bob — escalates to level 3 at 14:05');
  assert.equal(escalationSummary(state({ level: 3, loop: 1 }), 3, 'HIGH', nameOf, NOW, 'en-GB'), 'Level 3 of 3 (round 2) — paging Alice, Bob — starts again at level 1 at 14:05');
  assert.equal(escalationSummary(state({ level: 3, nextEscalationAt: null }), 3, 'HIGH', nameOf, NOW, 'en-GB'), 'Level 3 of 3 — paging Alice, Bob — last level: it stays here until acknowledged');
  assert.equal(escalationSummary(state({ level: 1, nextEscalationAt: null }), 3, 'LOW', nameOf, NOW, 'en-GB'), 'Level 1 of 3 — paging Alice, Bob — low urgency: it does not escalate');
  assert.equal(escalationSummary(state({ paging: [], nobodyOnCall: true }), null, 'HIGH', nameOf, NOW, 'en-GB'), 'Level 2 — paging every device — escalates to level 3 at 14:05', 'the policy not loaded yet');
  assert.equal(escalationSummary(state({ level: 0, paging: [], nextEscalationAt: null }), 3, 'HIGH', nameOf, NOW), 'Escalation stopped: nobody is being paged for this incident now.');
});

test('skipped levels and a policy with nobody on call are warned of; an expiring acknowledgement is said', () => {
  assert.equal(escalationWarning(state()), null);
  assert.equal(escalationWarning(state({ emptyLevels: [1] })), 'Level 1 has nobody on call and was skipped.');
  assert.equal(escalationWarning(state({ emptyLevels: [1, 2] })), 'Levels 1, 2 have nobody on call and were skipped.');
  assert.equal(escalationWarning(state({ emptyLevels: [1, 2, 3], nobodyOnCall: true })), 'Nobody is on call at any level of this policy: every device pages.');
  assert.equal(acknowledgedUntilText({ status: 'acknowledged', acknowledgedUntil: '2026-03-04T13:30:00Z' }, NOW, 'en-GB'), 'Acknowledged until 14:30, then triggered again');
  assert.equal(acknowledgedUntilText({ status: 'acknowledged', acknowledgedUntil: null }, NOW), null, 'no timeout on this service');
  assert.equal(acknowledgedUntilText({ status: 'triggered', acknowledgedUntil: '2026-03-04T13:30:00Z' }, NOW), null);
  // The page asks the host again at the soonest of these.
  const none = { acknowledgedUntil: null, snoozedUntil: null };
  assert.equal(escalationChangeAt(state(), none, NOW), Date.parse('2026-03-04T13:05:00Z'));
  // A handoff in the schedule the current level pages, before the next level: the page asks again then, and shows
  // who the page moved to.
  assert.equal(escalationChangeAt(state({ nextChangeAt: '2026-03-04T12:58:00Z' }), none, NOW), Date.parse('2026-03-04T12:58:00Z'));
  assert.equal(escalationChangeAt(state({ nextEscalationAt: null, nextChangeAt: '2026-03-05T08:00:00Z' }), none, NOW), Date.parse('2026-03-05T08:00:00Z'), 'on the last level too');
  assert.equal(escalationChangeAt(state(), { ...none, acknowledgedUntil: '2026-03-04T12:55:00Z' }, NOW), Date.parse('2026-03-04T12:55:00Z'));
  assert.equal(escalationChangeAt(state(), none, Date.parse('2026-03-04T13:06:00Z')), null, 'all in the past');
  assert.equal(escalationChangeAt(null, none, NOW), null);
});

const { screen, fireEvent, cleanup, createElement, renderWithApi } = await componentTests();
const { EscalationPanel } = await import('../../src-renderer/incident/EscalationPanel.tsx');
const { IncidentFields } = await import('../../src-renderer/incident/IncidentFields.tsx');
const { OnCallContext } = await import('../../src-renderer/oncall/context.ts');
const { createOnCallStore } = await import('../../src-renderer/oncall/oncall-store.ts');

async function renderPanel(incident: IncidentDetail) {
  const api = createFakeApi();
  api.handle('users.list', async () => [user('usr_a', 'Alice'), user('usr_b', 'Bob\u202E')]);
  api.handle('schedules.list', async () => []);
  api.handle('policies.list', async () => [policy({ id: 'pol_1', name: 'Default', levels: [1, 2, 3].map(() => ({ delayMinutes: 5, targets: [{ type: 'user' as const, id: 'usr_a' }] })) })]);
  const shown: IncidentDetail[] = [];
  // The incident page's directory of people and policies, as IncidentPage provides it.
  const directory = createOnCallStore(api, { directory: true });
  await directory.getState().reload();
  await userDoes(() => renderWithApi(api, createElement(OnCallContext.Provider, { value: directory },
    createElement(EscalationPanel, { incident, escalation: incident.escalation, onEscalated: (d: IncidentDetail) => shown.push(d) }))));
  return { api, shown };
}
const detail = (over: Partial<IncidentDetail> = {}): IncidentDetail => ({ ...makeIncident({ id: 'inc_1' }), timeline: [], recentChanges: [], escalation: state({ nextEscalationAt: new Date(Date.now() + 10 * 60_000).toISOString() }), ...over });

test('the panel names the people paged (neutralised) and the policy; Escalate now shows the host\'s answer', async () => {
  const { api, shown } = await renderPanel(detail({ escalation: state({ emptyLevels: [1], nextEscalationAt: new Date(Date.now() + 10 * 60_000).toISOString() }) }));
  const panel = screen.getByRole('region', { name: 'Escalation' });
  await eventually(() => assert.match(panel.textContent!, /Escalation · Default/));
  assert.match(panel.textContent!, /Level 2 of 3 — paging Alice, Bob<U\+202E> — escalates to level 3 at /);
  assert.equal(screen.getByRole('alert').textContent, 'Level 1 has nobody on call and was skipped.');
  const answer = detail({ escalation: state({ level: 3 }) });
  api.handle('incidents.escalate', async () => answer);
  await userDoes(() => fireEvent.click(screen.getByRole('button', { name: 'Escalate now' })));
  assert.deepEqual(api.calls.find((c) => c.method === 'incidents.escalate')?.input, { id: 'inc_1' });
  assert.equal(shown[0], answer, 'the page shows the new level');
});

test('Escalate now is there only with a policy, and off once resolved; an acknowledgement with a timeout says when it ends', async () => {
  await renderPanel(detail({ status: 'resolved', escalation: state({ level: 0, paging: [], nextEscalationAt: null }) }));
  assert.equal((screen.getByRole('button', { name: 'Escalate now' }) as HTMLButtonElement).disabled, true);
  cleanup();
  const until = new Date(Date.now() + 30 * 60_000).toISOString();
  await renderPanel(detail({ status: 'acknowledged', acknowledgedUntil: until, escalation: null }));
  assert.ok(!screen.queryByRole('button', { name: 'Escalate now' }), 'no policy: nothing to escalate to');
  assert.match(screen.getByRole('region', { name: 'Escalation' }).textContent!, /^Acknowledged until .+, then triggered again$/);
  cleanup();
  await renderPanel(detail({ escalation: null }));
  assert.ok(!screen.queryByRole('region', { name: 'Escalation' }), 'no policy and no timeout: no panel');
});

test('the level is said once, by the escalation panel: the incident\'s fields do not repeat it', async () => {
  await userDoes(() => renderWithApi(createFakeApi(), createElement(IncidentFields, { incident: makeIncident({ id: 'inc_1', escalationLevel: 0 }), nameOf })));
  const fields = screen.getByRole('region', { name: 'Details' });
  assert.match(fields.textContent!, /Episode1/, 'the fields are there');
  assert.doesNotMatch(fields.textContent!, /Escalation/);
});
