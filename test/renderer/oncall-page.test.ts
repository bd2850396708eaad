// The On-call page's components rendered in Node (happy-dom) over a fake bridge: "On call now" names the person and
// until when, and says in red when a schedule has nobody; the timeline hatches what an override makes, and the gaps; "Cover me" is
// two clicks (a shift, then Save) and sends that shift's span for this machine's person; the schedule and policy
// editors send what was picked (an edit only what changed) and refuse what is incomplete; a level with nobody on call
// now is flagged in yellow; each schedule, and your own shifts once the host says who you are (a device with no person
// yet asks the host for one), offer a calendar feed; Delete asks first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentTests, eventually, userDoes } from './support/dom.ts';
import { createFakeApi, type FakeApi } from './support/fake-api.ts';
import { emptyNow, policy, schedule, serveOnCall, shift, user, type OnCallWorld } from './support/oncall-fixtures.ts';
import { formatSpan, formatWhen } from '../../src-renderer/oncall/format.ts';
import { toLocalInput } from '../../src-renderer/maintenance/local-time.ts';

const { screen, fireEvent, within, createElement, renderWithApi } = await componentTests();
const { OnCallPage } = await import('../../src-renderer/oncall/OnCallPage.tsx');

const HOUR = 3_600_000;
const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
// Alice until 3 h from now, then Bob, who stays an hour longer tomorrow by an override (the host answers that as one
// shift of his, partly an override); nobody from 2 days on.
const ALICE_END = NOW + 3 * HOUR;

function world(): OnCallWorld {
  return {
    users: [user('usr_a', 'Alice'), user('usr_b', 'Bob'), user('usr_c', 'Carol\u202E')],
    schedules: [schedule({
      id: 'sch_1', name: 'Primary', layers: [{ start: '2026-03-06T09:00', rotation: 'daily', turns: 1, userIds: ['usr_a', 'usr_b'], restrictions: [] }],
      overrides: [{ id: 'ovr_1', userId: 'usr_b', start: iso(NOW + 24 * HOUR), end: iso(NOW + 25 * HOUR), createdAt: iso(NOW - HOUR), createdBy: 'usr_c' }],
    }), schedule({ id: 'sch_2', name: 'Secondary' })],
    shifts: {
      sch_1: [
        shift('usr_a', iso(NOW - 2 * HOUR), iso(ALICE_END)),
        shift('usr_b', iso(ALICE_END), iso(NOW + 25 * HOUR), true),
        shift('usr_a', iso(NOW + 25 * HOUR), iso(NOW + 48 * HOUR)),
      ],
      sch_2: [],
    },
    policies: [policy({ id: 'pol_1', name: 'Default', levels: [{ delayMinutes: 10, targets: [{ type: 'schedule', id: 'sch_2' }] }, { delayMinutes: 5, targets: [{ type: 'user', id: 'usr_c' }] }] })],
    now: {
      ...emptyNow(iso(NOW)),
      schedules: [
        { scheduleId: 'sch_1', name: 'Primary', userId: 'usr_a', until: iso(ALICE_END), next: { userId: 'usr_b', start: iso(ALICE_END), end: iso(NOW + 24 * HOUR) } },
        { scheduleId: 'sch_2', name: 'Secondary', userId: null, until: null, next: null },
      ],
      policies: [{ policyId: 'pol_1', name: 'Default', levels: [{ level: 1, people: [] }, { level: 2, people: [{ userId: 'usr_c', via: { type: 'user', id: 'usr_c' }, until: null }] }] }],
    },
    selfUserId: 'usr_c',
  };
}

async function renderPage(w = world()): Promise<FakeApi> {
  const api = createFakeApi();
  serveOnCall(api, () => w);
  await userDoes(() => renderWithApi(api, createElement(OnCallPage)));
  await eventually(() => screen.getByRole('group', { name: 'Timeline of Primary' }));
  return api;
}

test('"On call now" names who is on call until when and who is next from when; a schedule with nobody is said in red', async () => {
  await renderPage();
  const list = screen.getByRole('list', { name: 'On call now' });
  const primary = within(list).getByRole('listitem', { name: 'Primary' });
  assert.equal(primary.textContent, `PrimaryAlice until ${formatWhen(iso(ALICE_END), NOW)}Next: Bob from ${formatWhen(iso(ALICE_END), NOW)}`);
  const secondary = within(list).getByRole('listitem', { name: 'Secondary' });
  const note = secondary.querySelector('.oncall-gap-note');
  assert.equal(note?.textContent, 'Nobody is on call now');
});

test('the timeline draws each shift in its person\'s colour, hatches the part an override makes, and marks the gaps', async () => {
  await renderPage();
  const timeline = screen.getByRole('group', { name: 'Timeline of Primary' });
  const blocks = within(timeline).getAllByRole('button');
  assert.deepEqual(blocks.map((b) => b.textContent), ['Alice', 'Bob', 'Alice'], 'Bob\'s turn and his override are one shift');
  assert.match(blocks[1]!.getAttribute('title')!, /^Bob, .* \(with an override\)$/);
  const marks = within(timeline).getAllByRole('img').filter((m) => m.classList.contains('tl-override'));
  assert.deepEqual(marks.map((m) => m.getAttribute('aria-label')), [`Override: Bob covers ${formatSpan(iso(NOW + 24 * HOUR), iso(NOW + 25 * HOUR))}`], 'only the override\'s hour');
  const bob = blocks[1]!;
  const width = (el: HTMLElement) => parseFloat(el.style.width);
  assert.ok(Math.abs(parseFloat(marks[0]!.style.left) + width(marks[0]!) - (parseFloat(bob.style.left) + width(bob))) < 1e-9, 'at the end of Bob\'s shift');
  assert.ok(width(marks[0]!) < width(bob) / 10);
  assert.equal(blocks[0]!.style.backgroundColor, blocks[2]!.style.backgroundColor, 'Alice keeps her colour');
  assert.notEqual(blocks[0]!.style.backgroundColor, blocks[1]!.style.backgroundColor);
  const gaps = within(timeline).getAllByRole('img').filter((g) => !g.classList.contains('tl-override'));
  assert.ok(gaps.length >= 1 && gaps.every((g) => g.classList.contains('tl-gap') && /^Nobody on call, /.test(g.getAttribute('aria-label')!)));
  assert.equal(within(screen.getByRole('group', { name: 'Timeline of Secondary' })).getAllByRole('img').length, 1, 'nobody at all: one red span');
  assert.match(screen.getByRole('list', { name: 'People on Primary' }).textContent!, /AliceBobNobody on call/);
});

test('"Cover me": a click on a shift, then Save, sends an override over that shift for this machine\'s person', async () => {
  const api = await renderPage();
  api.handle('schedules.addOverride', async (input) => ({ id: 'ovr_1', ...(input as { override: object }).override, createdAt: iso(NOW), createdBy: 'usr_c' }));
  const timeline = screen.getByRole('group', { name: 'Timeline of Primary' });
  await userDoes(() => fireEvent.click(within(timeline).getAllByRole('button')[1]!));
  const dialog = screen.getByRole('dialog', { name: 'Cover this shift' });
  assert.equal((within(dialog).getByLabelText('Who covers') as HTMLSelectElement).value, 'usr_c', 'you');
  assert.equal((within(dialog).getByLabelText('From') as HTMLInputElement).value, toLocalInput(ALICE_END));
  assert.equal((within(dialog).getByLabelText('To') as HTMLInputElement).value, toLocalInput(NOW + 25 * HOUR));
  const loads = api.calls.filter((c) => c.method === 'oncall.now').length;
  await userDoes(() => fireEvent.click(within(dialog).getByRole('button', { name: 'Save override' })));
  await eventually(() => assert.ok(!screen.queryByRole('dialog'), 'the dialog closes once saved'));
  const minute = (ms: number) => iso(Math.floor(ms / 60_000) * 60_000);
  assert.deepEqual(api.calls.find((c) => c.method === 'schedules.addOverride')?.input, {
    id: 'sch_1', override: { userId: 'usr_c', start: minute(ALICE_END), end: minute(NOW + 25 * HOUR) },
  });
  assert.ok(api.calls.filter((c) => c.method === 'oncall.now').length > loads, 'the page shows the result');
});

test('an override the host refuses stays open with the host\'s reason', async () => {
  const api = await renderPage();
  api.handle('schedules.addOverride', async () => { throw new Error('end must be after start'); });
  await userDoes(() => fireEvent.click(within(screen.getByRole('region', { name: 'Primary' })).getByRole('button', { name: 'Add override' })));
  const dialog = screen.getByRole('dialog', { name: 'Add an override' });
  await userDoes(() => fireEvent.click(within(dialog).getByRole('button', { name: 'Save override' })));
  assert.equal((await eventually(() => within(dialog).getByRole('alert'))).textContent, 'Pick who covers', 'nobody picked: nothing sent');
  await userDoes(() => fireEvent.change(within(dialog).getByLabelText('Who covers'), { target: { value: 'usr_b' } }));
  await userDoes(() => fireEvent.click(within(dialog).getByRole('button', { name: 'Save override' })));
  await eventually(() => assert.equal(within(dialog).getByRole('alert').textContent, 'end must be after start'));
  assert.ok(screen.getByRole('dialog', { name: 'Add an override' }));
});

test('a new schedule is sent with its zone and its people in turn order; without people it is refused here', async () => {
  const api = await renderPage();
  api.handle('schedules.create', async () => ({}));
  await userDoes(() => fireEvent.click(screen.getByRole('button', { name: 'New schedule' })));
  const form = screen.getByRole('form', { name: 'New schedule' });
  await userDoes(() => fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Weekend' } }));
  await userDoes(() => fireEvent.change(within(form).getByLabelText('Time zone'), { target: { value: 'America/Chicago' } }));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Create schedule' })));
  assert.equal((await eventually(() => within(form).getByRole('alert'))).textContent, 'Layer 1: pick at least one person');
  const add = within(form).getByLabelText('Add a person to People of Layer 1');
  await userDoes(() => fireEvent.change(add, { target: { value: 'usr_b' } }));
  await userDoes(() => fireEvent.change(add, { target: { value: 'usr_a' } }));
  await userDoes(() => fireEvent.change(within(form).getByLabelText('Rotation'), { target: { value: 'weekly' } }));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Add weekly hours' })));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Create schedule' })));
  await eventually(() => assert.ok(api.calls.some((c) => c.method === 'schedules.create')));
  const sent = api.calls.find((c) => c.method === 'schedules.create')!.input as { name: string; timeZone: string; layers: { rotation: string; userIds: string[]; restrictions: unknown[] }[] };
  assert.equal(sent.name, 'Weekend');
  assert.equal(sent.timeZone, 'America/Chicago');
  assert.deepEqual(sent.layers.map((l) => [l.rotation, l.userIds, l.restrictions]), [['weekly', ['usr_b', 'usr_a'], [{ type: 'weekly', startDay: 1, startTime: '09:00', durationMinutes: 4 * 1440 + 480 }]]]);
  await eventually(() => assert.ok(!screen.queryByRole('form', { name: 'New schedule' }), 'closed once saved'));
});

test('editing a schedule or a policy sends only what was changed, and a layer keeps its start to the second', async () => {
  const w = world();
  w.schedules[0] = schedule({ id: 'sch_1', name: 'Primary', layers: [
    { start: '2026-03-06T09:00:30', rotation: 'daily', turns: 1, userIds: ['usr_a', 'usr_b'], restrictions: [] },
    { name: 'Nights', start: '2026-03-06T22:00:00', end: null, rotation: 'weekly', turns: 1, userIds: ['usr_c'], restrictions: [{ type: 'daily', startTime: '22:00', durationMinutes: 480 }] },
  ] });
  const api = await renderPage(w);
  api.handle('schedules.update', async () => w.schedules[0]);
  api.handle('policies.update', async () => w.policies[0]);
  const edit = async (card: string, form: string, change: (f: HTMLElement) => void, save: string) => {
    await userDoes(() => fireEvent.click(within(screen.getByRole('region', { name: card })).getByRole('button', { name: 'Edit' })));
    const f = screen.getByRole('form', { name: form });
    await userDoes(() => change(f));
    await userDoes(() => fireEvent.click(within(f).getByRole('button', { name: save })));
    await eventually(() => assert.ok(!screen.queryByRole('form', { name: form }), 'closed once saved'));
  };
  const sent = (method: string) => api.calls.filter((c) => c.method === method).map((c) => c.input);

  await edit('Primary', 'Edit schedule', (f) => fireEvent.change(within(f).getByLabelText('Name'), { target: { value: 'Primary (EU)' } }), 'Save schedule');
  assert.deepEqual(sent('schedules.update'), [{ id: 'sch_1', patch: { name: 'Primary (EU)' } }], 'the layers, untouched, are not sent');

  await edit('Primary', 'Edit schedule', (f) => fireEvent.change(within(within(f).getByRole('group', { name: 'Layer 2' })).getByLabelText('Turn length'), { target: { value: '2' } }), 'Save schedule');
  assert.deepEqual(sent('schedules.update')[1], { id: 'sch_1', patch: { layers: [
    { start: '2026-03-06T09:00:30', end: null, rotation: 'daily', turns: 1, userIds: ['usr_a', 'usr_b'], restrictions: [] },
    { name: 'Nights', start: '2026-03-06T22:00', end: null, rotation: 'weekly', turns: 2, userIds: ['usr_c'], restrictions: [{ type: 'daily', startTime: '22:00', durationMinutes: 480 }] },
  ] } }, 'the layers go whole (one field), the first one\'s start with its seconds');

  await edit('Primary', 'Edit schedule', () => undefined, 'Save schedule');
  assert.equal(sent('schedules.update').length, 2, 'nothing changed: nothing sent');

  await edit('Default', 'Edit escalation policy', (f) => fireEvent.change(within(f).getByLabelText(/start again at level 1/), { target: { value: '2' } }), 'Save policy');
  assert.deepEqual(sent('policies.update'), [{ id: 'pol_1', patch: { repeat: 2 } }], 'the levels, untouched, are not sent');
});

test('a policy level whose targets have nobody on call now is flagged in yellow, saved or being edited', async () => {
  const api = await renderPage();
  const saved = screen.getByRole('list', { name: 'Levels of Default' });
  assert.match(within(saved).getByRole('listitem', { name: 'Level 1' }).textContent!, /Notifies Secondary \(nobody now\).*Nobody is on call at this level now/);
  assert.ok(!within(saved).getByRole('listitem', { name: 'Level 2' }).querySelector('.level-warning'), 'level 2 has Carol');
  assert.match(within(saved).getByRole('listitem', { name: 'Level 2' }).textContent!, /Carol<U\+202E>/, 'a name is shown neutralised');

  api.handle('policies.create', async () => ({}));
  await userDoes(() => fireEvent.click(screen.getByRole('button', { name: 'New policy' })));
  const form = screen.getByRole('form', { name: 'New escalation policy' });
  await userDoes(() => fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Nights' } }));
  const level = within(form).getByRole('group', { name: 'Level 1' });
  await userDoes(() => fireEvent.change(within(level).getByLabelText('Notify at Level 1'), { target: { value: 'schedule:sch_2' } }));
  assert.match(level.textContent!, /Nobody is on call at this level now/);
  await userDoes(() => fireEvent.change(within(level).getByLabelText('Notify at Level 1'), { target: { value: 'schedule:sch_1' } }));
  assert.doesNotMatch(level.textContent!, /Nobody is on call/, 'Primary has Alice now');
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Add level' })));
  const second = within(form).getByRole('group', { name: 'Level 2' });
  await userDoes(() => fireEvent.change(within(second).getByLabelText('Notify at Level 2'), { target: { value: 'user:usr_b' } }));
  await userDoes(() => fireEvent.click(within(second).getByRole('button', { name: 'Move Level 2 up' })));
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Create policy' })));
  await eventually(() => assert.ok(api.calls.some((c) => c.method === 'policies.create')));
  assert.deepEqual(api.calls.find((c) => c.method === 'policies.create')!.input, {
    name: 'Nights', repeat: 0,
    levels: [{ delayMinutes: 15, targets: [{ type: 'user', id: 'usr_b' }] }, { delayMinutes: 15, targets: [{ type: 'schedule', id: 'sch_2' }, { type: 'schedule', id: 'sch_1' }] }],
  });
  await eventually(() => assert.ok(!screen.queryByRole('form', { name: 'New escalation policy' }), 'closed once saved'));
});

test('each schedule, and your own shifts once the host says who you are, offer a calendar feed of that very one', async () => {
  const api = await renderPage();
  api.handle('calendar.feed', async (input) => {
    const { kind, id } = input as { kind: 'schedule' | 'user'; id: string };
    return { kind, id, url: `http://127.0.0.1:8977/api/${kind === 'user' ? 'users' : 'schedules'}/${id}/calendar.ics?token=t`, createdAt: iso(NOW) };
  });
  const secondary = screen.getByRole('region', { name: 'Secondary' });
  const scheduleFeed = within(secondary).getByRole('group', { name: 'Calendar feed of Secondary' });
  await userDoes(() => fireEvent.click(within(scheduleFeed).getByRole('button', { name: 'Calendar feed' })));
  assert.equal(within(secondary).getByLabelText('Feed URL').textContent, 'http://127.0.0.1:8977/api/schedules/sch_2/calendar.ics?token=t');

  const mine = screen.getByRole('region', { name: 'Your shifts' });
  assert.match(mine.textContent!, /The shifts of Carol<U\+202E> on every schedule/, 'a name is shown neutralised');
  const myFeed = within(mine).getByRole('group', { name: 'Calendar feed of Carol<U+202E>' });
  await userDoes(() => fireEvent.click(within(myFeed).getByRole('button', { name: 'Calendar feed' })));
  assert.equal(within(mine).getByLabelText('Feed URL').textContent, 'http://127.0.0.1:8977/api/users/usr_c/calendar.ics?token=t');
  assert.deepEqual(api.calls.filter((c) => c.method === 'calendar.feed').map((c) => c.input), [
    { kind: 'schedule', id: 'sch_2', rotate: false }, { kind: 'user', id: 'usr_c', rotate: false },
  ]);
});

test('with no person of its own (a session opened with an API key) the page offers no feed of "your" shifts', async () => {
  await renderPage({ ...world(), selfUserId: null });
  assert.ok(!screen.queryByRole('region', { name: 'Your shifts' }));
  assert.deepEqual(screen.getAllByRole('group', { name: /^Calendar feed of / }).map((g) => g.getAttribute('aria-label')),
    ['Calendar feed of Primary', 'Calendar feed of Secondary']);
});

test('opened on a device with no person yet, the page asks the host for one (once) and offers that person\'s feed', async () => {
  const w: OnCallWorld = { ...world(), selfUserId: null };
  const api = createFakeApi();
  serveOnCall(api, () => w);
  api.handle('users.ensureSelf', async () => {
    const me = user('usr_me', 'Sam');
    w.users = [...w.users, me];
    w.selfUserId = me.id;
    return me;
  });
  await userDoes(() => renderWithApi(api, createElement(OnCallPage)));
  const mine = await eventually(() => screen.getByRole('region', { name: 'Your shifts' }));
  assert.match(mine.textContent!, /The shifts of Sam on every schedule/);
  await userDoes(() => api.push({ incidents: [], oncall: true }));
  assert.equal(api.calls.filter((c) => c.method === 'users.ensureSelf').length, 1, 'asked once');
});

test('Delete asks first, naming it: Escape sends nothing; confirmed, it is sent and a refusal is shown on the card', async () => {
  const api = await renderPage();
  api.handle('schedules.delete', async () => { throw new Error('Schedule sch_1 is paged by escalation policy "Default" (pol_1): take it out of it first'); });
  const card = screen.getByRole('region', { name: 'Primary' });
  await userDoes(() => fireEvent.click(within(card).getByRole('button', { name: 'Delete' })));
  await userDoes(() => fireEvent.keyDown(screen.getByRole('alertdialog', { name: 'Delete Primary?' }), { key: 'Escape' }));
  assert.ok(!screen.queryByRole('alertdialog'), 'Escape closes it');
  assert.ok(!api.calls.some((c) => c.method === 'schedules.delete'));

  await userDoes(() => fireEvent.click(within(card).getByRole('button', { name: 'Delete' })));
  await userDoes(() => fireEvent.click(within(screen.getByRole('alertdialog', { name: 'Delete Primary?' })).getByRole('button', { name: 'Delete' })));
  await eventually(() => assert.match(within(card).getByRole('alert').textContent!, /paged by escalation policy "Default"/));
  assert.deepEqual(api.calls.filter((c) => c.method === 'schedules.delete').map((c) => c.input), [{ id: 'sch_1' }]);

  api.handle('policies.delete', async () => ({}));
  const loads = api.calls.filter((c) => c.method === 'policies.list').length;
  const policyCard = screen.getByRole('region', { name: 'Default' });
  await userDoes(() => fireEvent.click(within(policyCard).getByRole('button', { name: 'Delete' })));
  await userDoes(() => fireEvent.click(within(screen.getByRole('alertdialog', { name: 'Delete Default?' })).getByRole('button', { name: 'Delete' })));
  await eventually(() => assert.ok(api.calls.filter((c) => c.method === 'policies.list').length > loads, 'the page loads again'));
  assert.deepEqual(api.calls.filter((c) => c.method === 'policies.delete').map((c) => c.input), [{ id: 'pol_1' }]);
});
