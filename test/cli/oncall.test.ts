// `klaxon oncall`, `klaxon schedules list` and `klaxon policies list` as a user runs them: who is on call and until
// when, in this machine's zone; the same answer as JSON; short tables of schedules and policies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { klaxon } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { createEngine } from '../../src-main/engine/engine.ts';
import { systemClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { CreateSchedule, CreateEscalationPolicy, OnCallNow } from '../../src-shared/schemas/oncall.ts';

/** A data dir with Alice and Bob on a daily Chicago rotation from Fri 06 Mar 2026 09:00, and a two-level policy on a service. */
async function dataDir(t: { after(fn: () => void): void }) {
  const dir = tempDir(t);
  const engine = createEngine({ dataDir: dir, clock: systemClock, log: silentLogger });
  const alice = await engine.createUser('Alice');
  const bob = await engine.createUser('Bob \u202Eevil');
  const s = await engine.createSchedule(CreateSchedule.parse({
    name: 'Primary', timeZone: 'America/Chicago', layers: [{ start: '2026-03-06T09:00:00', rotation: 'daily', turns: 1, userIds: [alice, bob] }],
  }), 'system');
  const p = await engine.createPolicy(CreateEscalationPolicy.parse({
    name: 'Web', levels: [{ delayMinutes: 5, targets: [{ type: 'schedule', id: s.id }] }, { delayMinutes: 15, targets: [{ type: 'user', id: bob }] }],
  }), 'system');
  const svc = await engine.createService({ name: 'Checkout' });
  await engine.updateService(svc.id, { escalationPolicyId: p.id });
  await engine.close();
  return { dir, alice, bob, scheduleId: s.id, policyId: p.id };
}

const CHICAGO = { TZ: 'America/Chicago' };

test('oncall prints each schedule\'s person and until when in the local zone, then each policy level; --json is the API\'s answer', async (t) => {
  const { dir, alice, scheduleId } = await dataDir(t);
  const r = await klaxon(['oncall', '--at', '2026-03-06T16:00:00Z', '--data-dir', dir], CHICAGO);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, [
    'On call at Fri 06 Mar 10:00 (America/Chicago)',
    'Primary  Alice  until Sat 07 Mar 09:00  then Bob <U+202E>evil from Sat 07 Mar 09:00',
    'Escalation policy Web:',
    '  level 1  Alice (on call until Sat 07 Mar 09:00)',
    '  level 2  Bob <U+202E>evil',
    '',
  ].join('\n'));
  // In Berlin the same instants read seven hours later.
  const berlin = await klaxon(['oncall', '--at', '2026-03-06T16:00:00Z', '--data-dir', dir], { TZ: 'Europe/Berlin' });
  assert.match(berlin.stdout, /^Primary {2}Alice {2}until Sat 07 Mar 16:00/m);

  const json = await klaxon(['oncall', '--at', '2026-03-08T15:00:00+01:00', '--json', '--data-dir', dir]);
  const now = OnCallNow.parse(JSON.parse(json.stdout));
  assert.equal(now.at, '2026-03-08T14:00:00.000Z');
  assert.deepEqual(now.schedules.map((s) => [s.scheduleId, s.userId, s.until]), [[scheduleId, alice, '2026-03-09T14:00:00.000Z']], 'after the change to daylight saving, 09:00 CDT');

  const bad = await klaxon(['oncall', '--at', 'tomorrow', '--data-dir', dir]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--at: an ISO 8601 instant/);
});

test('schedules list and policies list print short tables', async (t) => {
  const { dir, scheduleId, policyId } = await dataDir(t);
  const schedules = await klaxon(['schedules', 'list', '--data-dir', dir]);
  assert.equal(schedules.code, 0, schedules.stderr);
  const [head, row] = schedules.stdout.trim().split('\n');
  assert.match(head!, /^ID\s+NAME\s+TIME ZONE\s+LAYERS\s+OVERRIDES\s+ON CALL NOW$/);
  assert.match(row!, new RegExp(`^${scheduleId}\\s+Primary\\s+America/Chicago\\s+1\\s+0\\s+(Alice|Bob <U\\+202E>evil)$`));
  const policies = await klaxon(['policies', 'list', '--data-dir', dir]);
  assert.match(policies.stdout.trim().split('\n')[1]!, new RegExp(`^${policyId}\\s+Web\\s+5m → 15m\\s+0\\s+Checkout$`));
  assert.equal(JSON.parse((await klaxon(['schedules', 'list', '--json', '--data-dir', dir])).stdout)[0].id, scheduleId);
  assert.equal((await klaxon(['schedules', 'show', '--data-dir', dir])).code, 2);
});
