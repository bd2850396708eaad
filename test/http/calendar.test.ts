// Calendar feeds on a real host: an admin makes a schedule's or a person's feed URL (shown once, rotatable); a
// calendar app fetches it with no header, only the token in the URL. The .ics text is parsed here: one VEVENT per
// shift with a stable UID, "On call: Primary (Alice)", DTSTART/DTEND in UTC that follow the Chicago handoffs across
// the 2020 change to daylight saving. A missing, unknown, rotated or misplaced token answers the same 404. A feed that
// fails is logged by its path: the token never reaches the log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { CreateSchedule, CreateOverride } from '../../src-shared/schemas/oncall.ts';
import { createReceiver } from '../../src-main/http/server.ts';
import type { Logger } from '../../src-main/log.ts';
import type { Engine } from '../../src-main/engine/types.ts';

const DAY = 86_400_000;
// Sunday 1 March 2020, noon in Chicago: the feed runs from 31 January to 30 May.
const NOW = Date.parse('2020-03-01T18:00:00Z');

let server: TestServer;
let clock: FakeClock;
let alice: string;
let bob: string;
let primary: string;
let secondary: string;

before(async () => {
  clock = new FakeClock(NOW);
  server = await startServer({ clock });
  const { engine } = server.klaxon;
  alice = await engine.createUser('Alice');
  bob = await engine.createUser('Bob');
  // Daily handoffs at 02:30 Chicago time: on 8 March 02:30 does not exist (02:00 CST → 03:00 CDT), so that handoff
  // happens at 03:00 CDT (the first instant the wall clock reads 02:30 or later).
  primary = (await engine.createSchedule(CreateSchedule.parse({
    name: 'Primary', timeZone: 'America/Chicago', layers: [{ start: '2020-03-06T02:30:00', rotation: 'daily', turns: 1, userIds: [alice, bob] }],
  }), 'user:admin')).id;
  secondary = (await engine.createSchedule(CreateSchedule.parse({
    name: 'Secondary', timeZone: 'UTC', layers: [{ start: '2020-03-02T00:00:00', end: '2020-03-16T00:00:00', rotation: 'weekly', turns: 1, userIds: [bob, alice] }],
  }), 'user:admin')).id;
  await engine.addOverride(primary, CreateOverride.parse({ userId: bob, start: '2020-03-10T12:00:00Z', end: '2020-03-10T14:00:00Z' }), 'user:admin');
  // Alice stays on 2½ hours into Bob's turn of 11 March.
  await engine.addOverride(primary, CreateOverride.parse({ userId: alice, start: '2020-03-11T07:30:00Z', end: '2020-03-11T10:00:00Z' }), 'user:admin');
});
after(async () => { await server?.close(); });

interface VEvent { UID: string; DTSTART: string; DTEND: string; SUMMARY: string }
/** VEVENTs of an iCalendar text (RFC 5545: lines unfolded, properties without parameters). */
function vevents(ics: string): VEvent[] {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events: VEvent[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') { events.push(current as unknown as VEvent); current = null; } else if (current) {
      const i = line.indexOf(':');
      current[line.slice(0, i).split(';')[0]!] = line.slice(i + 1).replace(/\\([,;\\])/g, '$1');
    }
  }
  return events;
}

const makeFeed = (kind: 'schedule' | 'user', id: string, rotate?: boolean, key = server.adminKey) =>
  fetchJson(server.baseUrl, '/api/calendar-feeds', { key, body: { kind, id, ...(rotate === undefined ? {} : { rotate }) } });
const getFeed = (url: string) => fetch(url).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));

test('a schedule\'s feed: shifts as events in UTC, right across the change to daylight saving, overrides marked, one event per person\'s contiguous time', async () => {
  const made = await makeFeed('schedule', primary);
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.kind, 'schedule');
  const url = new URL(made.body.url);
  assert.equal(url.origin, server.baseUrl, 'the host\'s listener address');
  assert.equal(url.pathname, `/api/schedules/${primary}/calendar.ics`);
  assert.match(url.searchParams.get('token')!, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');

  const res = await getFeed(made.body.url);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^text\/calendar/);
  assert.equal(res.headers.get('cache-control'), 'private, max-age=300');
  assert.match(res.text, /^BEGIN:VCALENDAR\r\n/);
  const events = vevents(res.text);
  assert.deepEqual(events.slice(0, 4).map((e) => [e.DTSTART, e.DTEND, e.SUMMARY]), [
    ['20200306T083000Z', '20200307T083000Z', 'On call: Primary (Alice)'], // 02:30 CST = 08:30Z
    ['20200307T083000Z', '20200308T080000Z', 'On call: Primary (Bob)'], // 8 March: 03:00 CDT = 08:00Z
    ['20200308T080000Z', '20200309T073000Z', 'On call: Primary (Alice)'], // 02:30 CDT = 07:30Z
    ['20200309T073000Z', '20200310T073000Z', 'On call: Primary (Bob)'],
  ]);
  // Alice's shift of 10 March is cut by Bob's override; what is left of it and her override after it are one event.
  assert.deepEqual(events.slice(4, 8).map((e) => [e.DTSTART, e.DTEND, e.SUMMARY]), [
    ['20200310T073000Z', '20200310T120000Z', 'On call: Primary (Alice)'],
    ['20200310T120000Z', '20200310T140000Z', 'On call: Primary (Bob), with an override'],
    ['20200310T140000Z', '20200311T100000Z', 'On call: Primary (Alice), with an override'],
    ['20200311T100000Z', '20200312T073000Z', 'On call: Primary (Bob)'],
  ]);
  assert.equal(events.at(-1)!.DTEND, '20200530T180000Z', 'up to 90 days ahead');
  assert.equal(new Set(events.map((e) => e.UID)).size, events.length, 'every UID is its own');

  // A day later the same shifts keep their UIDs (calendar apps update them in place), and the window moved on.
  clock.advance(DAY);
  const later = vevents((await getFeed(made.body.url)).text);
  const uidOf = (evs: VEvent[], start: string) => evs.find((e) => e.DTSTART === start)?.UID;
  assert.ok(uidOf(events, '20200308T080000Z'));
  assert.equal(uidOf(later, '20200308T080000Z'), uidOf(events, '20200308T080000Z'));
  assert.equal(later.at(-1)!.DTEND, '20200531T180000Z');
});

test('a person\'s feed: their spells on every schedule, nobody else\'s', async () => {
  const made = await makeFeed('user', alice);
  assert.equal(made.status, 201, made.text);
  assert.equal(new URL(made.body.url).pathname, `/api/users/${alice}/calendar.ics`);
  const events = vevents((await getFeed(made.body.url)).text);
  assert.ok(events.length > 40);
  assert.ok(events.every((e) => /^On call: (Primary|Secondary) \(Alice\)(, with an override)?$/.test(e.SUMMARY)), 'only Alice');
  assert.deepEqual(events.filter((e) => e.SUMMARY.includes('Secondary')).map((e) => [e.DTSTART, e.DTEND]), [['20200309T000000Z', '20200316T000000Z']]);
  assert.ok(events.some((e) => e.DTSTART === '20200308T080000Z' && e.SUMMARY === 'On call: Primary (Alice)'));
});

test('the token is the only key: missing, unknown, another feed\'s, or rotated away all answer the same 404', async () => {
  const first = await makeFeed('schedule', secondary);
  assert.equal(first.status, 201, first.text);
  const again = await makeFeed('schedule', secondary);
  assert.equal(again.status, 409, 'shown once: asking again without rotate is refused');
  assert.match(again.body.error.message, /rotate/);

  const feedPath = `/api/schedules/${secondary}/calendar.ics`;
  const token = new URL(first.body.url).searchParams.get('token')!;
  assert.equal((await getFeed(first.body.url)).status, 200);
  const notFound = async (path: string) => {
    const res = await fetchJson(server.baseUrl, path, { key: server.adminKey }); // even an admin key does not open it
    assert.equal(res.status, 404, path);
    return res.body.error.message as string;
  };
  const messages = [
    await notFound(feedPath),
    await notFound(`${feedPath}?token=${'A'.repeat(43)}`),
    await notFound(`/api/schedules/${primary}/calendar.ics?token=${token}`),
    await notFound(`/api/users/${secondary}/calendar.ics?token=${token}`),
    await notFound(`/api/schedules/sch_nope/calendar.ics?token=${token}`),
  ];

  const rotated = await makeFeed('schedule', secondary, true);
  assert.equal(rotated.status, 201, rotated.text);
  assert.notEqual(rotated.body.url, first.body.url);
  messages.push(await notFound(`${feedPath}?token=${token}`));
  assert.equal((await getFeed(rotated.body.url)).status, 200, 'the new URL works');

  // A schedule deleted since its URL was made: the URL answers as any unknown one.
  const doomed = await server.klaxon.engine.createSchedule(CreateSchedule.parse({ name: 'Doomed', timeZone: 'UTC', layers: [] }), 'user:admin');
  const doomedFeed = await makeFeed('schedule', doomed.id);
  await server.klaxon.engine.deleteSchedule(doomed.id, 'user:admin');
  messages.push(await notFound(new URL(doomedFeed.body.url).pathname + new URL(doomedFeed.body.url).search));
  assert.equal(new Set(messages).size, 1, 'one answer for every refusal: nothing to learn from it');
});

test('making a feed URL needs admin, and names an existing schedule or person', async () => {
  const read = await server.createKey(['incidents:read']);
  assert.equal((await makeFeed('user', bob, undefined, read.key)).status, 403);
  assert.equal((await fetchJson(server.baseUrl, '/api/calendar-feeds', { body: { kind: 'user', id: bob } })).status, 401);
  assert.equal((await makeFeed('schedule', 'sch_nope')).status, 404);
  assert.equal((await makeFeed('user', 'usr_nope')).status, 404);
  await assert.rejects(server.klaxon.handlers['calendar.feed']({ kind: 'user', id: 'usr_nope' }), /not found/);
  const viaBridge = await server.klaxon.handlers['calendar.feed']({ kind: 'user', id: bob });
  assert.equal((await getFeed(viaBridge.url)).status, 200, 'the bridge makes working URLs too');
});

test('a feed that fails answers 500 and logs its path, never its token (the URL\'s only credential)', async (t) => {
  const broken = await server.klaxon.engine.createSchedule(CreateSchedule.parse({ name: 'Broken', timeZone: 'UTC', layers: [] }), 'user:admin');
  const made = await makeFeed('schedule', broken.id);
  const url = new URL(made.body.url);
  const token = url.searchParams.get('token')!;
  // A second receiver over the same engine, whose shifts fail as a bug would, logging to `lines`.
  const real = server.klaxon.engine;
  const engine = new Proxy(real, {
    get: (target, prop, receiver) => (prop === 'shifts' ? () => { throw new Error('shifts failed'); } : Reflect.get(target, prop, receiver)),
  }) as Engine;
  const lines: string[] = [];
  const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  const receiver = await createReceiver({
    engine, handlers: server.klaxon.handlers, sessions: server.klaxon.sessions, log, clock: real.clock,
    hostInfo: () => ({ version: 'test', deviceId: real.deviceId, listen: { host: '127.0.0.1', port: 0 }, baseUrl: '', notifier: 'none', bridge: 'http' }),
  });
  t.after(() => receiver.close());
  const { port } = await receiver.listen('127.0.0.1', 0);
  const res = await fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`);
  assert.equal(res.status, 500);
  const logged = lines.join('\n');
  assert.match(logged, new RegExp(`GET /api/schedules/${broken.id}/calendar\\.ics: Error: shifts failed`), 'the path and the error are logged');
  assert.ok(!logged.includes(token), 'the token is not');
});
