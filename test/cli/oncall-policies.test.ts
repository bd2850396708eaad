// `klaxon policies …`, `klaxon services set` and `klaxon incidents escalate` as a user runs them: a policy from one
// line per level (schedules and people by name), given to a service with its timeouts and support hours, and an
// incident escalated by hand to the next level; each refusal names what to fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { klaxon } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { createEngine } from '../../src-main/engine/engine.ts';
import { systemClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { CreateSchedule, EscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import { CreateIncident, IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import { Service } from '../../src-shared/schemas/admin.ts';
import { localWhen, localZone } from '../../src-main/cli/local-time.ts';

/** Alice always on call on "Primary"; Bob; a service "Checkout" with an open incident; an unrelated service "Batch" with one too. */
async function dataDir(t: { after(fn: () => void): void }) {
  const dir = tempDir(t);
  const engine = createEngine({ dataDir: dir, clock: systemClock, log: silentLogger });
  const alice = await engine.createUser('Alice');
  const bob = await engine.createUser('Bob');
  const s = await engine.createSchedule(CreateSchedule.parse({
    name: 'Primary', timeZone: 'UTC', layers: [{ start: '2026-01-05T09:00', rotation: 'weekly', userIds: [alice] }],
  }), 'system');
  const checkout = await engine.createService({ name: 'Checkout' });
  const batch = await engine.createService({ name: 'Batch' });
  const incident = await engine.createIncident(CreateIncident.parse({ title: 'Payments failing', serviceId: checkout.id }), 'system');
  const unpaged = await engine.createIncident(CreateIncident.parse({ title: 'Nightly job late', serviceId: batch.id }), 'system');
  await engine.close();
  const run = (args: string[]) => klaxon([...args, '--data-dir', dir]);
  return { run, alice, bob, scheduleId: s.id, checkoutId: checkout.id, incidentId: incident.id, unpagedId: unpaged.id };
}

test('policies create takes levels as one line each (schedules and people by name); show and list read it back; delete removes it', async (t) => {
  const { run, bob, scheduleId } = await dataDir(t);
  const created = await run(['policies', 'create', '--name', 'Web', '--level', 'delay=5,targets=schedule:Primary', '--level', 'delay=15,targets=user:Bob+schedule:' + scheduleId, '--repeat', '2', '--json']);
  assert.equal(created.code, 0, created.stderr);
  const p = EscalationPolicy.parse(JSON.parse(created.stdout));
  assert.deepEqual(p.levels, [
    { delayMinutes: 5, targets: [{ type: 'schedule', id: scheduleId }] },
    { delayMinutes: 15, targets: [{ type: 'user', id: bob }, { type: 'schedule', id: scheduleId }] },
  ]);
  assert.equal(p.repeat, 2);

  const show = await run(['policies', 'show', 'Web']);
  assert.equal(show.code, 0, show.stderr);
  assert.equal(show.stdout.split('\n').slice(0, 3).join('\n'), [
    `Web (${p.id}), repeats 2 times`,
    '  level 1  5 min   schedule Primary       now: Alice',
    '  level 2  15 min  Bob, schedule Primary  now: Bob, Alice',
  ].join('\n'));
  assert.match(show.stdout, /^Services: none/m);
  assert.match((await run(['policies', 'list'])).stdout, new RegExp(`^${p.id}\\s+Web\\s+5m → 15m\\s+2\\s+-$`, 'm'));

  const deleted = await run(['policies', 'delete', p.id]);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal(deleted.stdout, `Deleted escalation policy Web (${p.id}).\n`);
  assert.match((await run(['policies', 'list'])).stdout, /^No escalation policies\./);
});

test('policies create refuses an unknown schedule or person, a bad level spec and an out-of-range value, naming the flag', async (t) => {
  const { run } = await dataDir(t);
  const noSchedule = await run(['policies', 'create', '--name', 'Web', '--level', 'delay=5,targets=schedule:Secondary']);
  assert.equal(noSchedule.code, 2);
  assert.match(noSchedule.stderr, /^klaxon: no schedule "Secondary" \(see `klaxon schedules list`\)/);
  const noPerson = await run(['policies', 'create', '--name', 'Web', '--level', 'delay=5,targets=user:Zed']);
  assert.match(noPerson.stderr, /^klaxon: no person "Zed"/);
  const badSpec = await run(['policies', 'create', '--name', 'Web', '--level', 'delay=5,targets=Primary']);
  assert.equal(badSpec.code, 2);
  assert.match(badSpec.stderr, /^klaxon: --level 1: a target is schedule:SCHEDULE or user:PERSON, not "Primary"/);
  const zero = await run(['policies', 'create', '--name', 'Web', '--level', 'delay=5,targets=user:Alice', '--level', 'delay=0,targets=user:Bob']);
  assert.match(zero.stderr, /^klaxon: --level 2 delay: .*>=1/);
  const repeat = await run(['policies', 'create', '--name', 'Web', '--level', 'delay=5,targets=user:Alice', '--repeat', '10']);
  assert.match(repeat.stderr, /^klaxon: --repeat: .*<=9/);
  assert.match((await run(['policies', 'list'])).stdout, /^No escalation policies\./);
});

test('services set gives a service (by name) a policy, timeouts and support hours; none turns each off; bad values are refused', async (t) => {
  const { run, checkoutId } = await dataDir(t);
  const p = EscalationPolicy.parse(JSON.parse((await run(['policies', 'create', '--name', 'Web', '--level', 'delay=5,targets=schedule:Primary', '--json'])).stdout));

  const set = await run(['services', 'set', 'Checkout', '--policy', 'Web', '--ack-timeout', '30', '--auto-resolve', '240', '--support-hours', 'Europe/Berlin,1-5,09:00-17:00']);
  assert.equal(set.code, 0, set.stderr);
  assert.equal(set.stdout, [
    `Checkout (${checkoutId})`,
    `  escalation policy:       Web (${p.id})`,
    '  acknowledgement timeout: 30 min, then it pages again from level 1',
    '  auto-resolve:            240 min after it was triggered',
    '  support hours:           Europe/Berlin,mon-fri,09:00-17:00 (HIGH urgency inside, LOW outside)',
    '',
  ].join('\n'));
  const services = (JSON.parse((await run(['services', 'list', '--json'])).stdout) as unknown[]).map((x) => Service.parse(x));
  assert.deepEqual(services.find((s) => s.id === checkoutId)!.supportHours, { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' });
  assert.match((await run(['policies', 'show', 'Web'])).stdout, /^Services: Checkout$/m);
  const inUse = await run(['policies', 'delete', 'Web']);
  assert.equal(inUse.code, 2, 'a policy a service uses stays');
  assert.match(inUse.stderr, /used by service "Checkout"/);

  const off = Service.parse(JSON.parse((await run(['services', 'set', checkoutId, '--policy', 'none', '--auto-resolve', 'none', '--support-hours', 'none', '--json'])).stdout));
  assert.deepEqual([off.escalationPolicyId, off.ackTimeoutMinutes, off.autoResolveMinutes, off.supportHours], [null, 30, null, null]);

  const badZone = await run(['services', 'set', 'Checkout', '--support-hours', 'Berlin,mon-fri,09:00-17:00']);
  assert.equal(badZone.code, 2);
  assert.equal(badZone.stderr, 'klaxon: --support-hours: not a known IANA time zone (e.g. Europe/Berlin)\n');
  const badTimeout = await run(['services', 'set', 'Checkout', '--ack-timeout', '0']);
  assert.match(badTimeout.stderr, /^klaxon: --ack-timeout: .*>=1/);
  const noPolicy = await run(['services', 'set', 'Checkout', '--policy', 'Mobile']);
  assert.match(noPolicy.stderr, /^klaxon: no escalation policy "Mobile"/);
  const noService = await run(['services', 'set', 'Payments', '--ack-timeout', '5']);
  assert.match(noService.stderr, /^klaxon: no service "Payments"/);
});

test('incidents escalate pages the next level now and says who and until when; an incident whose service has no policy is refused', async (t) => {
  const { run, alice, incidentId, unpagedId } = await dataDir(t);
  await run(['policies', 'create', '--name', 'Web', '--level', 'delay=5,targets=schedule:Primary', '--level', 'delay=15,targets=user:Bob', '--repeat', '1']);
  assert.equal((await run(['services', 'set', 'Checkout', '--policy', 'Web'])).code, 0);

  const before = Date.now();
  const escalated = await run(['incidents', 'escalate', incidentId]);
  assert.equal(escalated.code, 0, escalated.stderr);
  const [head, paging, next] = escalated.stdout.split('\n');
  assert.equal(head, `Escalated ${incidentId} (Payments failing) to level 2 of Web.`);
  assert.equal(paging, 'Paging: Bob');
  const expectedNext = [localWhen(new Date(before + 15 * 60_000).toISOString()), localWhen(new Date(Date.now() + 15 * 60_000).toISOString())];
  assert.ok(expectedNext.some((at) => next === `Next level at ${at} (${localZone()}) unless acknowledged.`), next);

  // After the last level, level 1 again: whoever Primary has on call.
  const again = IncidentDetail.parse(JSON.parse((await run(['incidents', 'escalate', incidentId, '--json'])).stdout));
  assert.equal(again.escalation?.level, 1);
  assert.deepEqual(again.escalation?.paging.map((x) => x.userId), [alice]);

  const refused = await run(['incidents', 'escalate', unpagedId]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /^klaxon: Service "Batch" has no escalation policy/);
  const unknown = await run(['incidents', 'escalate', 'inc_nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^klaxon: .*inc_nope/);
});
