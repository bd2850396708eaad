// Shift reminders: the pure rules (a reminder 15 minutes before a shift, or at once for one made at shorter notice,
// and one when it ends, still shown up to five minutes late, never twice), then the service over a real engine with a schedule on a fake clock, recording what the
// desktop would show: the reminders for this device's person come on time, and an override replans them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import { createShiftReminders, planReminders, remindersFor, reminderId, REMIND_BEFORE_MS, type PersonShift } from '../../src-main/pager/shift-reminders.ts';
import type { Notifier, PageNotification } from '../../src-main/pager/notifier.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { CreateOverride, CreateSchedule } from '../../src-shared/schemas/oncall.ts';
import { tempDir } from '../support/temp-dir.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-06T16:00:00Z'); // Friday 10:00 in Chicago
const iso = (ms: number) => new Date(ms).toISOString();

const SHIFT: PersonShift = { scheduleId: 'sch_1', scheduleName: 'Primary', start: T0 + 60 * MIN, end: T0 + 25 * 60 * MIN };

test('a shift gives two reminders: 15 minutes before it starts, and when it ends, under the schedule\'s own id', () => {
  const [soon, ended] = remindersFor([SHIFT], iso);
  assert.equal(soon!.at, SHIFT.start - 15 * MIN);
  assert.equal(soon!.notification.title, 'You are on call soon: Primary');
  assert.equal(soon!.notification.body, `From ${iso(SHIFT.start)} until ${iso(SHIFT.end)}`);
  assert.equal(ended!.at, SHIFT.end);
  assert.equal(ended!.notification.title, 'Your on-call shift has ended: Primary');
  for (const r of [soon!, ended!]) {
    assert.equal(r.notification.incidentId, reminderId('sch_1'), 'never an incident\'s id: it offers no Acknowledge');
    assert.deepEqual([r.notification.actions, r.notification.urgency, r.notification.sound], [[], 'normal', false]);
  }
  const spoof = remindersFor([{ ...SHIFT, scheduleName: 'Pri\u202Emary' }], iso)[0]!;
  assert.equal(spoof.notification.title, 'You are on call soon: Pri<U+202E>mary', 'a teammate typed the name: shown neutralised');
});

test('a reminder is due at its moment, still up to 5 minutes late, never after, and never twice', () => {
  const reminders = remindersFor([SHIFT], iso);
  const [soon, ended] = reminders;
  const before = planReminders(reminders, new Set(), soon!.at - 1);
  assert.deepEqual([before.due, before.wakeAt], [[], soon!.at]);
  assert.deepEqual(planReminders(reminders, new Set(), soon!.at).due, [soon]);
  const late = planReminders(reminders, new Set(), soon!.at + 5 * MIN);
  assert.deepEqual(late.due, [soon], 'woken late (the laptop slept): still worth saying');
  assert.equal(late.wakeAt, ended!.at);
  assert.deepEqual(planReminders(reminders, new Set(), SHIFT.start - 1).due, [soon], 'until the shift begins, the warning is still worth giving');
  const tooLate = planReminders(reminders, new Set(), SHIFT.start + 1);
  assert.deepEqual(tooLate.due, [], 'a warning given after the shift began is no warning');
  assert.equal(tooLate.wakeAt, ended!.at);
  assert.deepEqual(planReminders(reminders, new Set([soon!.key]), soon!.at).due, [], 'shown already');
  assert.deepEqual(planReminders(reminders, new Set([soon!.key, ended!.key]), ended!.at + MIN), { due: [], wakeAt: null });
  assert.deepEqual(planReminders(reminders, new Set(), ended!.at + 5 * MIN).due, [ended], 'the end, up to 5 minutes late');
  assert.deepEqual(planReminders(reminders, new Set(), ended!.at + 5 * MIN + 1).due, [], 'not after');
  // A shift made at short notice, 8 minutes ahead: its warning comes at once.
  const short = remindersFor([{ ...SHIFT, start: T0 + 8 * MIN }], iso);
  assert.deepEqual(planReminders(short, new Set(), T0).due.map((r) => r.key), [short[0]!.key]);
});

function recordingNotifier(): Notifier & { shown: PageNotification[] } {
  const shown: PageNotification[] = [];
  return { name: 'recording', shown, notify: async (n) => { shown.push(n); }, withdraw: async () => {}, onAction: () => {}, close: async () => {} };
}

/** This device's person takes daily turns with Alice from 11:00 Chicago time today: its first shift is Fri 11:00 – Sat 11:00. */
async function setup(t: { after(fn: () => unknown): void }) {
  const clock = new FakeClock(T0);
  const engine: Engine = createEngine({ dataDir: tempDir(t), clock, log: silentLogger });
  t.after(() => engine.close());
  const me = await engine.ensureLocalUser();
  const alice = await engine.createUser('Alice');
  const primary = await engine.createSchedule(CreateSchedule.parse({
    name: 'Primary', timeZone: 'America/Chicago', layers: [{ start: '2026-03-06T11:00:00', rotation: 'daily', userIds: [me, alice] }],
  }), 'user:me');
  const notifier = recordingNotifier();
  const reminders = createShiftReminders({ engine, notifier, clock, log: silentLogger, formatTime: iso });
  t.after(() => reminders.close());
  reminders.start();
  const titles = () => notifier.shown.map((n) => n.title);
  return { clock, engine, me, alice, primary, notifier, titles };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

test('this device\'s person is reminded 15 minutes before a shift and when it ends; not of Alice\'s shifts, not twice', async (t) => {
  const { clock, engine, primary, notifier, titles } = await setup(t);
  clock.advance(45 * MIN - 1);
  assert.deepEqual(titles(), []);
  clock.advance(1); // 10:45 Chicago
  assert.deepEqual(titles(), ['You are on call soon: Primary']);
  assert.equal(notifier.shown[0]!.body, `From ${iso(T0 + 60 * MIN)} until ${iso(T0 + 25 * 60 * MIN)}`);

  await engine.updateSchedule(primary.id, { description: 'Web on-call' }, 'user:me'); // a change replans
  await settle();
  assert.equal(titles().length, 1, 'not twice');

  clock.advance(24 * 60 * MIN + 15 * MIN); // Sat 11:00: the shift ends, Alice's begins
  assert.deepEqual(titles(), ['You are on call soon: Primary', 'Your on-call shift has ended: Primary']);
  assert.equal(notifier.shown[1]!.body, `You were on call from ${iso(T0 + 60 * MIN)} until ${iso(T0 + 25 * 60 * MIN)}`);
  // Sun 11:00 is this person's again (CDT by then: 16:00 UTC), reminded at 10:45.
  const sunday = Date.parse('2026-03-08T16:00:00Z');
  clock.advance(sunday - 15 * MIN - clock.now() - 1);
  assert.equal(titles().length, 2, 'nothing during Alice\'s shift');
  clock.advance(1);
  assert.equal(titles().at(-1), 'You are on call soon: Primary');
  assert.equal(notifier.shown.at(-1)!.body, `From ${iso(sunday)} until ${iso(sunday + 24 * 60 * MIN)}`);
});

test('a new override replans: a shift added sooner than the next reminder is announced on time; one taken away is not', async (t) => {
  const { clock, engine, me, alice, primary, notifier, titles } = await setup(t);
  // Alice takes this person's first shift; this person covers 10:20–10:40 for someone instead.
  await engine.addOverride(primary.id, CreateOverride.parse({ userId: alice, start: iso(T0 + 60 * MIN), end: iso(T0 + 25 * 60 * MIN) }), 'user:me');
  await engine.addOverride(primary.id, CreateOverride.parse({ userId: me, start: iso(T0 + 20 * MIN), end: iso(T0 + 40 * MIN) }), 'user:me');
  await settle();
  clock.advance(5 * MIN); // 10:05, before the reminder armed at start (10:45) would have fired
  assert.deepEqual(titles(), ['You are on call soon: Primary']);
  assert.equal(notifier.shown[0]!.body, `From ${iso(T0 + 20 * MIN)} until ${iso(T0 + 40 * MIN)}`);
  clock.advance(35 * MIN);
  assert.deepEqual(titles(), ['You are on call soon: Primary', 'Your on-call shift has ended: Primary']);
  clock.advance(REMIND_BEFORE_MS + 24 * 60 * MIN);
  assert.equal(titles().length, 2, 'no reminder of the shift Alice took over');
});

test('covering the hour before one\'s own shift makes one shift: one reminder before it, one when it really ends', async (t) => {
  const { clock, engine, me, primary, notifier, titles } = await setup(t);
  await engine.addOverride(primary.id, CreateOverride.parse({ userId: me, start: iso(T0 + 20 * MIN), end: iso(T0 + 60 * MIN) }), 'user:me');
  await settle();
  clock.advance(5 * MIN);
  assert.deepEqual(titles(), ['You are on call soon: Primary']);
  assert.equal(notifier.shown[0]!.body, `From ${iso(T0 + 20 * MIN)} until ${iso(T0 + 25 * 60 * MIN)}`);
  clock.advance(24 * 60 * MIN);
  assert.deepEqual(titles(), ['You are on call soon: Primary'], 'no "ended" at 11:00 nor "soon" at 10:45: on call throughout');
  clock.advance(55 * MIN); // Sat 11:00
  assert.deepEqual(titles(), ['You are on call soon: Primary', 'Your on-call shift has ended: Primary']);
  assert.equal(notifier.shown[1]!.body, `You were on call from ${iso(T0 + 20 * MIN)} until ${iso(T0 + 25 * 60 * MIN)}`);
});
