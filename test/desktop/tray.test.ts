// The tray service with a fake tray over a real Klaxon: the icon, tooltip and menu follow the incidents as events
// arrive over HTTP, and the menu's items act (Acknowledge acknowledges, Pause pauses paging for an hour, Quit quits).
// The menu's first line says who is on call until when, in this machine's zone (Chicago here).
process.env.TZ = 'America/Chicago';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTrayService, onCallLine, PAUSE_MS, type TrayHandle, type TrayIconState, type TrayMenuItem } from '../../src-main/desktop/tray.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { startServer, pollUntil, fetchJson, type TestServer } from '../support/server.ts';
import { CreateSchedule, type OnCallNow } from '../../src-shared/schemas/oncall.ts';

class FakeTray implements TrayHandle {
  icon: TrayIconState;
  toolTip = '';
  menu: TrayMenuItem[] = [];
  destroyed = false;
  draws = 0;
  readonly click: () => void;
  constructor(initial: TrayIconState, onClick: () => void) {
    this.icon = initial;
    this.click = onClick;
  }
  setIcon(state: TrayIconState) { this.icon = state; this.draws++; }
  setToolTip(text: string) { this.toolTip = text; }
  setMenu(items: TrayMenuItem[]) { this.menu = items; }
  destroy() { this.destroyed = true; }
  item(id: string): TrayMenuItem {
    const found = this.menu.flatMap((i) => [i, ...(i.submenu ?? [])]).find((i) => i.id === id);
    if (!found) throw new Error(`no menu item ${id}; menu: ${JSON.stringify(this.menu.map((i) => i.id ?? i.type))}`);
    return found;
  }
  /** The incident rows, top to bottom, as a user reads them. */
  incidentLabels(): string[] {
    return this.menu.filter((i) => i.id?.startsWith('incident:')).map((i) => i.label ?? '');
  }
}

const START = Date.parse('2026-03-02T09:00:00.000Z');

async function setup(t: { after(fn: () => Promise<void> | void): void }, extra: { launchAtLogin?: { get(): boolean; set(v: boolean): void } } = {}) {
  const clock = new FakeClock(START);
  const server = await startServer({ clock });
  let tray: FakeTray | undefined;
  const calls: string[] = [];
  const service = createTrayService({
    createTray: (initial, onClick) => (tray = new FakeTray(initial, onClick)),
    handlers: server.klaxon.handlers,
    engine: server.klaxon.engine,
    clock,
    log: silentLogger,
    openWindow: () => calls.push('open-window'),
    openIncident: (id) => calls.push(`open:${id}`),
    quit: () => calls.push('quit'),
    debounceMs: 20,
    ...extra,
  });
  t.after(async () => {
    service.close();
    await server.close();
  });
  if (!tray) throw new Error('the service did not create its tray');
  await service.refresh();
  return { server, tray, service, calls, clock };
}

async function trigger(server: TestServer, dedupKey: string, summary: string, severity: 'critical' | 'warning') {
  const res = await fetchJson(server.baseUrl, '/api/events', {
    key: server.adminKey,
    body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary, source: 'test', severity } },
  });
  assert.equal(res.status, 202, res.text);
  return res.body.incident_key as string;
}

test('with nothing open the tray is idle and its menu says so', async (t) => {
  const { tray, calls } = await setup(t);
  assert.deepEqual(tray.icon, { kind: 'idle', triggered: 0 });
  assert.match(tray.toolTip, /no open incidents/);
  assert.deepEqual(tray.menu.filter((i) => i.type !== 'separator').map((i) => i.label),
    ['No open incidents', 'Open Klaxon', 'Pause notifications for 1 h', 'Quit Klaxon']);
  tray.item('open-window').click?.();
  tray.click();
  tray.item('quit').click?.();
  assert.deepEqual(calls, ['open-window', 'open-window', 'quit']);
});

test('icon, tooltip and menu follow incidents as events arrive; the menu lists them in queue order', async (t) => {
  const { server, tray, clock } = await setup(t);
  const low = await trigger(server, 'disk-warn', 'Disk 80% on web-2', 'warning');
  clock.advance(1000);
  const high = await trigger(server, 'db-down', 'Database down', 'critical');
  clock.advance(1000);
  const acked = await trigger(server, 'api-5xx', 'API 5xx above 2%', 'critical');
  await server.klaxon.handlers['incidents.acknowledge']({ ids: [acked] });

  // No refresh() call: the engine's change feed drives the redraw.
  await pollUntil(() => tray.icon.triggered === 2 && tray.toolTip.includes('1 acknowledged'), { message: 'tray shows 2 triggered, 1 acknowledged' });
  assert.deepEqual(tray.icon, { kind: 'alert', triggered: 2 });
  assert.match(tray.toolTip, /2 triggered, 1 acknowledged/);
  // Triggered before acknowledged, HIGH before LOW (compareForQueue); waiting ones are marked.
  assert.deepEqual(tray.incidentLabels(), ['● Database down', '● (low) Disk 80% on web-2', 'API 5xx above 2%']);
  assert.equal(tray.item(`ack:${high}`).enabled, true);
  assert.equal(tray.item(`ack:${low}`).enabled, true);
  assert.equal(tray.item(`ack:${acked}`).enabled, false, 'an acknowledged incident offers no Acknowledge');
});

test('a title with a bidi override or a line break is listed with visible escapes, on one line', async (t) => {
  const { server, tray } = await setup(t);
  await trigger(server, 'spoof', 'Backup \u202Edeliaf\u202C ok\nAll clear', 'critical');
  await pollUntil(() => tray.incidentLabels().length === 1, { message: 'the incident is listed' });
  assert.deepEqual(tray.incidentLabels(), ['● Backup <U+202E>deliaf<U+202C> ok<U+000A>All clear']);
});

test('Acknowledge in the menu acknowledges the incident, and the tray calms down', async (t) => {
  const { server, tray, calls } = await setup(t);
  const id = await trigger(server, 'db-down', 'Database down', 'critical');
  await pollUntil(() => tray.icon.kind === 'alert', { message: 'tray turned to alert' });

  tray.item(`open:${id}`).click?.();
  assert.deepEqual(calls, [`open:${id}`]);

  tray.item(`ack:${id}`).click?.();
  const after = await pollUntil(async () => {
    const r = await fetchJson(server.baseUrl, `/api/incidents/${id}`, { key: server.adminKey });
    return r.body.status === 'acknowledged' ? r.body : undefined;
  }, { message: 'the API reports the incident acknowledged' });
  assert.ok(after.acknowledgedAt);
  await pollUntil(() => tray.icon.kind === 'idle', { message: 'tray back to idle' });
  assert.deepEqual(tray.icon, { kind: 'idle', triggered: 0 });
  assert.match(tray.toolTip, /0 triggered, 1 acknowledged/);
});

test('a snoozed incident leaves the count until its snooze ends', async (t) => {
  const { server, tray, clock, service } = await setup(t);
  const id = await trigger(server, 'db-down', 'Database down', 'critical');
  await pollUntil(() => tray.icon.kind === 'alert', { message: 'tray turned to alert' });
  await server.klaxon.handlers['incidents.snooze']({ ids: [id], minutes: 15 });
  await pollUntil(() => tray.icon.kind === 'idle', { message: 'snoozed: tray idle' });
  assert.deepEqual(tray.incidentLabels(), []);

  clock.advance(15 * 60_000 + 1);
  await service.refresh();
  assert.deepEqual(tray.icon, { kind: 'alert', triggered: 1 }, 'the snooze ended: triggered again');
  assert.deepEqual(tray.incidentLabels(), ['● Database down']);
});

test('Pause notifications for 1 h sets pausedUntil an hour ahead; Resume clears it', async (t) => {
  const { server, tray, clock, service } = await setup(t);
  tray.item('pause').click?.();
  await pollUntil(() => tray.menu.some((i) => i.id === 'resume'), { message: 'menu offers Resume' });
  assert.equal(server.klaxon.engine.getSettings().notifications.pausedUntil, new Date(clock.now() + PAUSE_MS).toISOString());
  assert.match(tray.toolTip, /paused until/);

  tray.item('resume').click?.();
  await pollUntil(() => tray.menu.some((i) => i.id === 'pause'), { message: 'menu offers Pause again' });
  assert.equal(server.klaxon.engine.getSettings().notifications.pausedUntil, null);

  // A pause that has run out shows as not paused (time passes without any change event).
  tray.item('pause').click?.();
  await pollUntil(() => tray.menu.some((i) => i.id === 'resume'));
  clock.advance(PAUSE_MS + 1);
  await service.refresh();
  assert.equal(tray.menu.some((i) => i.id === 'pause'), true, 'an expired pause offers Pause again');
  assert.doesNotMatch(tray.toolTip, /paused/);
});

test('a long queue lists the top five and says how many more', async (t) => {
  const { server, tray, clock } = await setup(t);
  for (let i = 0; i < 7; i++) {
    await trigger(server, `k${i}`, i === 0 ? 'R&D build farm down' : `Incident ${i}`, 'critical');
    clock.advance(1000);
  }
  await pollUntil(() => tray.icon.triggered === 7, { message: 'tray counts 7' });
  // Same status and urgency: oldest first. `&` is a mnemonic marker in Windows menus, so it is doubled to show as written.
  assert.deepEqual(tray.incidentLabels(), ['● R&&D build farm down', '● Incident 1', '● Incident 2', '● Incident 3', '● Incident 4']);
  assert.equal(tray.item('more').label, '2 more…');
});

test('Launch at login is a checkbox that flips the stored choice; close destroys the tray', async (t) => {
  let enabled = false;
  const { tray, service } = await setup(t, { launchAtLogin: { get: () => enabled, set: (v) => { enabled = v; } } });
  assert.equal(tray.item('launch-at-login').checked, false);
  tray.item('launch-at-login').click?.();
  assert.equal(enabled, true);
  await pollUntil(() => tray.item('launch-at-login').checked === true, { message: 'checkbox shows the new choice' });
  service.close();
  assert.equal(tray.destroyed, true);
});

// ── Who is on call ──

const FRI_9 = '2026-03-06T15:00:00.000Z'; // Friday 09:00 in Chicago
const SAT_9 = '2026-03-07T15:00:00.000Z';
const onCall = (...schedules: { name: string; userId: string | null; until: string | null }[]): OnCallNow => ({
  at: '2026-03-02T09:00:00.000Z', policies: [],
  schedules: schedules.map((s, i) => ({ scheduleId: `sch_${i}`, next: null, ...s })),
});
const NAMES = new Map([['usr_alice', 'Alice'], ['usr_me', 'Me']]);

test('the on-call line: you, until when and on which schedule; else who is; else nobody; nothing without schedules', () => {
  assert.equal(onCallLine(onCall({ name: 'Primary', userId: 'usr_me', until: FRI_9 }), 'usr_me', NAMES), 'You are on call until Fri 09:00 (Primary)');
  assert.equal(onCallLine(onCall({ name: 'Primary', userId: 'usr_alice', until: FRI_9 }, { name: 'Database', userId: 'usr_me', until: SAT_9 }), 'usr_me', NAMES),
    'You are on call until Sat 09:00 (Database)', 'this person first, whatever the order');
  assert.equal(onCallLine(onCall({ name: 'Primary', userId: 'usr_me', until: FRI_9 }, { name: 'Database', userId: 'usr_me', until: SAT_9 }), 'usr_me', NAMES),
    'You are on call until Sat 09:00 (Database)', 'on two schedules: the spell that lasts longest');
  assert.equal(onCallLine(onCall({ name: 'Primary', userId: 'usr_me', until: FRI_9 }, { name: 'Database', userId: 'usr_me', until: null }), 'usr_me', NAMES),
    'You are on call (Database)', 'a spell with no end in sight lasts longest');
  assert.equal(onCallLine(onCall({ name: 'Primary', userId: 'usr_me', until: null }), 'usr_me', NAMES), 'You are on call (Primary)', 'no end in sight');
  assert.equal(onCallLine(onCall({ name: 'Primary', userId: 'usr_alice', until: FRI_9 }), 'usr_me', NAMES), 'On call: Alice until Fri 09:00 (Primary)');
  assert.equal(onCallLine(onCall({ name: 'Primary', userId: 'usr_alice', until: FRI_9 }), null, NAMES), 'On call: Alice until Fri 09:00 (Primary)', 'no person here yet');
  assert.equal(onCallLine(onCall({ name: 'Primary', userId: 'usr_gone', until: null }), 'usr_me', NAMES), 'On call: usr_gone (Primary)', 'a name not known here');
  assert.equal(onCallLine(onCall({ name: 'Nights', userId: null, until: FRI_9 }), 'usr_me', NAMES), 'Nobody is on call');
  assert.equal(onCallLine(onCall(), 'usr_me', NAMES), null);
});

test('the menu opens with who is on call, and follows a new override', async (t) => {
  const { server, tray, clock } = await setup(t);
  const { engine, handlers } = server.klaxon;
  const me = await engine.ensureLocalUser();
  const alice = await engine.createUser('Alice');
  // This device's person takes the first weekly turn, Friday 09:00 to Friday 09:00; it is Monday 03:00 in Chicago.
  const primary = await handlers['schedules.create'](CreateSchedule.parse({
    name: 'Primary', timeZone: 'America/Chicago', layers: [{ start: '2026-02-27T09:00', rotation: 'weekly', userIds: [me, alice] }],
  }));
  await pollUntil(() => tray.menu[0]?.label === 'You are on call until Fri 09:00 (Primary)', { message: `menu: ${JSON.stringify(tray.menu[0])}` });
  assert.deepEqual([tray.menu[0]!.id, tray.menu[0]!.enabled, tray.menu[1]!.type], ['oncall', false, 'separator'], 'a line to read, not to click');

  await handlers['schedules.addOverride']({ id: primary.id, override: { userId: alice, start: new Date(clock.now()).toISOString(), end: new Date(clock.now() + 3600_000).toISOString() } });
  // Alice covers the next hour.
  await pollUntil(() => tray.item('oncall').label === 'On call: Alice until Mon 04:00 (Primary)', { message: `menu: ${JSON.stringify(tray.menu[0])}` });
});
