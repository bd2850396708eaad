// On-call against the real binary (issue 9 §4): two `klaxon serve` processes in one team, each on a fake clock the
// test fast-forwards and each with its own session D-Bus and notification server, so a page seen on one laptop and
// none on the other is a fact about the product, not about the test. Alice is the founder's person, Bob the joiner's.
// Escalation, the acknowledgement timeout and a shift handoff happen by the clock alone (nothing writes them): the
// pager of each device derives from the replicated policy and schedule whether its own person is paged now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newMember, team, serve, api, trigger, incidents, inviteAndJoin, eventually, type Member } from '../sync/support/team-processes.ts';
import { startSessionBus } from '../support/session-bus.ts';
import { startFakeNotificationServer, type FakeNotificationServer, type NotifyCall } from '../support/fake-notification-server.ts';
import type { IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';

const MIN = 60_000;
const FAKE_CLOCK = { args: ['--fake-clock'], env: { KLAXON_TEST_HOOKS: '1' } };
/** How long "no page" is watched for, once the device holds what could have paged it. */
const QUIET_MS = 2000;

interface Laptop { m: Member; bus: FakeNotificationServer; userId: string }

const iso = (ms: number) => new Date(ms).toISOString();

async function laptop(t: { after(fn: () => unknown): void }, name: string): Promise<{ m: Member; bus: FakeNotificationServer; busAddress: string }> {
  const sessionBus = await startSessionBus();
  t.after(() => sessionBus.stop());
  const bus = await startFakeNotificationServer(sessionBus.address);
  t.after(() => bus.stop());
  return { m: await newMember(t, name), bus, busAddress: sessionBus.address };
}

async function ok<T>(m: Member, method: string, url: string, body?: unknown): Promise<T> {
  const r = await api<T>(m, method, url, body);
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${url} on ${m.name}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const clockNow = async (m: Member) => Date.parse((await ok<{ now: string }>(m, 'POST', '/__test/clock/advance', { ms: 0 })).now);
const detail = (m: Member, id: string) => ok<IncidentDetail>(m, 'GET', `/api/incidents/${id}`);
const pagesFor = (bus: FakeNotificationServer, title: string): NotifyCall[] => bus.calls.filter((c) => c.summary === title);

/** Both fake clocks forward by `ms`; they were set to the same instant, and neither moves by itself. */
async function advanceBoth(a: Laptop, b: Laptop, ms: number): Promise<number> {
  const [na, nb] = await Promise.all([a, b].map(async (l) => Date.parse((await ok<{ now: string }>(l.m, 'POST', '/__test/clock/advance', { ms })).now)));
  assert.equal(na, nb, 'the two fake clocks drifted apart');
  return na!;
}

/** Waits until `m` holds the incident (the op arrived by sync), then `QUIET_MS` more, and asserts `bus` shows no page for it. */
async function assertNoPage(l: Laptop, id: string, title: string, since: number, what: string): Promise<void> {
  await eventually(async () => ((await incidents(l.m)).some((i) => i.id === id) ? true : undefined), { what: `${l.m.name} to hold ${id}` });
  await new Promise((r) => setTimeout(r, QUIET_MS));
  assert.deepEqual(pagesFor(l.bus, title).slice(since).map((c) => c.body), [], what);
}

/** The next page for `title` on the laptop's bus after the first `since` ones. */
const nextPage = (l: Laptop, title: string, since: number, timeoutMs = 15_000) =>
  l.bus.waitForNotify((c) => c.summary === title && pagesFor(l.bus, title).indexOf(c) >= since, timeoutMs);

/** A service on `on`, with `patch` applied, once the other laptop holds it with its policy too. */
async function serviceWith(on: Laptop, other: Laptop, policyId: string, service: Service, patch: Record<string, unknown>): Promise<Service> {
  const updated = await ok<Service>(on.m, 'PATCH', `/api/services/${service.id}`, { escalationPolicyId: policyId, ...patch });
  await eventually(async () => {
    const s = (await ok<{ services: Service[] }>(other.m, 'GET', '/api/services')).services.find((x) => x.id === service.id);
    return s?.escalationPolicyId === policyId && (await api(other.m, 'GET', `/api/escalation-policies/${policyId}`)).status === 200 ? true : undefined;
  }, { what: `${other.m.name} to hold ${service.name} with its policy`, timeoutMs: 20_000 });
  return updated;
}

test('two laptops on a fake clock: the policy pages Alice, then Bob, stops on his acknowledgement, pages Alice again when it times out; a handoff moves the page', async (t) => {
  const started = Date.now();
  const [ra, rb] = await Promise.all([laptop(t, 'alice'), laptop(t, 'bob')]);
  await team(ra.m, 'create', '--name', 'Ops');
  await serve(ra.m, true, ra.busAddress, FAKE_CLOCK);
  await inviteAndJoin(ra.m, rb.m);
  await serve(rb.m, true, rb.busAddress, FAKE_CLOCK);
  const personOf = async (m: Member) => (await ok<{ self: { userId: string | null } }>(m, 'GET', '/api/team')).self.userId;
  const alice: Laptop = { m: ra.m, bus: ra.bus, userId: (await personOf(ra.m))! };
  const bob: Laptop = { m: rb.m, bus: rb.bus, userId: (await personOf(rb.m))! };
  assert.ok(alice.userId && bob.userId && alice.userId !== bob.userId, `each laptop has its own person (${alice.userId}, ${bob.userId})`);

  // Each host started its fake clock at its own start: bring the one behind up to the other, so both read one instant.
  const [ca, cb] = await Promise.all([clockNow(alice.m), clockNow(bob.m)]);
  const behind = ca < cb ? alice : bob;
  await ok(behind.m, 'POST', '/__test/clock/advance', { ms: Math.abs(cb - ca) });
  let now = await advanceBoth(alice, bob, 0);
  t.diagnostic(`team of two up in ${Date.now() - started} ms; fake clocks set to ${iso(now)} (were ${Math.abs(cb - ca)} ms apart)`);

  await t.test('a two-level policy: Alice, then Bob after 5 min; his acknowledgement stops it; 30 min later it pages Alice again', async () => {
    const { escalationPolicy: policy } = await ok<{ escalationPolicy: { id: string } }>(alice.m, 'POST', '/api/escalation-policies', {
      name: 'Database', levels: [
        { delayMinutes: 5, targets: [{ type: 'user', id: alice.userId }] },
        { delayMinutes: 10, targets: [{ type: 'user', id: bob.userId }] },
      ],
    });
    const service = (await ok<{ services: Service[] }>(alice.m, 'GET', '/api/services')).services.find((s) => s.routingKey === alice.m.init.routingKey)!;
    const updated = await serviceWith(alice, bob, policy.id, service, { ackTimeoutMinutes: 30 });
    assert.equal(updated.ackTimeoutMinutes, 30);

    const title = 'Primary database down';
    const triggeredAt = now;
    await trigger(alice.m, alice.m.init.routingKey, 'db-down', title);
    const alicePage = await nextPage(alice, title, 0);
    const id = (await incidents(alice.m)).find((i) => i.dedupKey === 'db-down')!.id;
    await assertNoPage(bob, id, title, 0, 'Bob is not paged while level 1 (Alice) is');
    for (const l of [alice, bob]) {
      const d = await detail(l.m, id);
      assert.deepEqual([d.escalation?.level, d.escalation?.paging.map((p) => p.userId), d.escalation?.nextEscalationAt],
        [1, [alice.userId], iso(triggeredAt + 5 * MIN)], `${l.m.name} derives level 1, paging Alice until ${iso(triggeredAt + 5 * MIN)}`);
    }

    // 5 minutes without an acknowledgement: level 2 pages Bob, and Alice's page is withdrawn (only the current level pages).
    now = await advanceBoth(alice, bob, 5 * MIN + 1000);
    const t2 = Date.now();
    const bobPage = await nextPage(bob, title, 0);
    await alice.bus.waitForClose(alicePage.id, 15_000);
    t.diagnostic(`escalated to level 2: Bob paged and Alice's bubble withdrawn ${Date.now() - t2} ms after the clocks moved`);
    const escalated = await detail(alice.m, id);
    assert.equal(escalated.status, 'triggered');
    assert.deepEqual([escalated.escalation?.level, escalated.escalation?.paging.map((p) => p.userId)], [2, [bob.userId]]);
    const entry = escalated.timeline.find((e) => e.kind === 'escalated' && /^Escalated to level 2\b/.test(e.message));
    assert.ok(entry, `the timeline shows the escalation: ${JSON.stringify(escalated.timeline.map((e) => e.message))}`);
    assert.equal(entry.at, iso(triggeredAt + 5 * MIN), 'at the instant the delay ran out');
    assert.deepEqual((await detail(bob.m, id)).escalation?.paging.map((p) => p.userId), [bob.userId], 'Bob\'s laptop derives the same');

    // Bob acknowledges on his laptop: his page goes; Alice's laptop, paging nobody, shows nothing new.
    const alicePagesBefore = pagesFor(alice.bus, title).length;
    const acked = await ok<IncidentDetail>(bob.m, 'PATCH', `/api/incidents/${id}`, { status: 'acknowledged' });
    assert.equal(acked.acknowledgedUntil, iso(now + 30 * MIN), 'the acknowledgement lasts the service\'s 30 minutes');
    await bob.bus.waitForClose(bobPage.id, 10_000);
    await eventually(async () => ((await detail(alice.m, id)).status === 'acknowledged' ? true : undefined), { what: 'Alice to hold the acknowledgement' });
    await new Promise((r) => setTimeout(r, QUIET_MS));
    assert.equal(pagesFor(alice.bus, title).length, alicePagesBefore, 'Alice was paged after Bob acknowledged');
    const stopped = await detail(alice.m, id);
    assert.deepEqual([stopped.escalation?.level, stopped.escalation?.paging, stopped.escalation?.nextEscalationAt], [0, [], null]);

    // 30 minutes later the acknowledgement has timed out: triggered again, escalation from level 1, Alice paged.
    const bobPagesBefore = pagesFor(bob.bus, title).length;
    const ackedAt = now;
    now = await advanceBoth(alice, bob, 30 * MIN);
    const again = await nextPage(alice, title, alicePagesBefore);
    assert.equal(again.hints.urgency, 2, 'paged loudly again');
    const retriggered = await detail(alice.m, id);
    assert.equal(retriggered.status, 'triggered');
    assert.deepEqual([retriggered.escalation?.level, retriggered.escalation?.paging.map((p) => p.userId), retriggered.escalation?.nextEscalationAt],
      [1, [alice.userId], iso(ackedAt + 35 * MIN)]);
    assert.ok(retriggered.timeline.some((e) => e.at === iso(ackedAt + 30 * MIN) && /acknowledgement timed out/i.test(e.message)),
      `the timeline says the acknowledgement timed out: ${JSON.stringify(retriggered.timeline.map((e) => e.message))}`);
    await new Promise((r) => setTimeout(r, QUIET_MS));
    assert.equal(pagesFor(bob.bus, title).length, bobPagesBefore, 'Bob is paged again only if it escalates to him');

    // Resolved: Alice's page goes, and this incident stays out of the handoff below.
    await ok(alice.m, 'PATCH', `/api/incidents/${id}`, { status: 'resolved' });
    await alice.bus.waitForClose(again.id, 10_000);
  });

  await t.test('a schedule hands off from Alice to Bob an hour after its anchor: the page moves with it', async () => {
    // Hourly turns anchored 40 minutes ago (whole seconds): Alice until the handoff 20 minutes ahead, then Bob.
    const anchor = Math.floor((now - 40 * MIN) / 1000) * 1000;
    const handoff = anchor + 60 * MIN;
    const { schedule } = await ok<{ schedule: { id: string } }>(alice.m, 'POST', '/api/schedules', {
      name: 'Payments rota', timeZone: 'UTC',
      layers: [{ start: iso(anchor).slice(0, 19), rotation: 'hourly', turns: 1, userIds: [alice.userId, bob.userId] }],
    });
    const { escalationPolicy: policy } = await ok<{ escalationPolicy: { id: string } }>(alice.m, 'POST', '/api/escalation-policies', {
      name: 'Payments', levels: [{ delayMinutes: 60, targets: [{ type: 'schedule', id: schedule.id }] }],
    });
    const service = await serviceWith(alice, bob, policy.id, await ok<Service>(alice.m, 'POST', '/api/services', { name: 'Payments' }), {});
    const onCall = await ok<{ schedules: { scheduleId: string; userId: string | null; until: string | null }[] }>(bob.m, 'GET', '/api/oncall');
    assert.deepEqual(onCall.schedules.find((s) => s.scheduleId === schedule.id), { scheduleId: schedule.id, name: 'Payments rota', userId: alice.userId, until: iso(handoff), next: { userId: bob.userId, start: iso(handoff), end: iso(handoff + 60 * MIN) } });

    const title = 'Card payments failing';
    await trigger(alice.m, service.routingKey, 'cards', title);
    const alicePage = await nextPage(alice, title, 0);
    const id = (await incidents(alice.m)).find((i) => i.dedupKey === 'cards')!.id;
    await assertNoPage(bob, id, title, 0, 'Bob is not paged before his shift');

    now = await advanceBoth(alice, bob, handoff - now + 1000);
    const t2 = Date.now();
    await nextPage(bob, title, 0);
    await alice.bus.waitForClose(alicePage.id, 15_000);
    t.diagnostic(`handoff at ${iso(handoff)}: Bob paged and Alice's bubble withdrawn ${Date.now() - t2} ms after the clocks moved`);
    const d = await detail(bob.m, id);
    assert.deepEqual([d.escalation?.level, d.escalation?.paging.map((p) => ({ userId: p.userId, via: p.via }))],
      [1, [{ userId: bob.userId, via: { type: 'schedule', id: schedule.id } }]]);
    // Alice's laptop repeated her page every minute until the handoff, always in the one bubble; not after it.
    const alicePages = pagesFor(alice.bus, title).length;
    await new Promise((r) => setTimeout(r, QUIET_MS));
    assert.equal(pagesFor(alice.bus, title).length, alicePages, 'Alice was paged after her shift ended');
    assert.deepEqual([...new Set(pagesFor(alice.bus, title).map((c) => c.id))], [alicePage.id], 'the repeats replaced her one bubble');
    t.diagnostic(`Alice's page shown ${alicePages} times (first + a repeat a minute) over the 20 min before the handoff`);
  });
  t.diagnostic(`whole run ${Date.now() - started} ms`);
});
