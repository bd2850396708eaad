// Local actions on real commands: a small node script the test writes gets the event's JSON on stdin and writes it to
// a file; a command that hangs is stopped at its timeout (SIGTERM, then SIGKILL if it ignores that); a non-zero exit
// is recorded failed with its output, kept to 16 KB. Each event runs once per device — a teammate's too — also
// across restarts and for events committed while the runner was down, and only events from after the action was made;
// an escalation the clock makes runs it on every device that sees it.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createEngine } from '../../src-main/engine/engine.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { createLocalActionRunner, type LocalActionRunner } from '../../src-main/outbound/local-action-runner.ts';
import { localActionConfig } from '../../src-main/outbound/local-action-config.ts';
import { runsOf } from '../../src-main/store/local-actions.ts';
import { CreateEscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import { tempDir } from '../support/temp-dir.ts';

const T0 = Date.parse('2026-03-06T16:00:00Z');
const MIN = 60_000;

/** A script that appends what it got on stdin (and its KLAXON_ env) to `out`, one JSON line per run. */
function recorder(dir: string): { command: string[]; lines: () => { stdin: { type: string; data: { incident: { title: string } | null } }; event: string }[] } {
  const script = path.join(dir, 'flash.mjs');
  const out = path.join(dir, 'flashes.jsonl');
  fs.writeFileSync(script, `
    import fs from 'node:fs';
    let input = '';
    process.stdin.on('data', (c) => { input += c; });
    process.stdin.on('end', () => {
      fs.appendFileSync(process.argv[2], JSON.stringify({ stdin: JSON.parse(input), event: process.env.KLAXON_EVENT }) + '\\n');
      console.log('light flashed');
    });
  `);
  return {
    command: [process.execPath, script, out],
    lines: () => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : []),
  };
}

function setup(t: TestContext, clock = new FakeClock(T0)) {
  const dir = tempDir(t);
  const engine = createEngine({ dataDir: tempDir(t), clock, log: silentLogger });
  const runners: LocalActionRunner[] = [];
  t.after(async () => { for (const r of runners) await r.close(); await engine.close(); });
  const run = () => {
    const r = createLocalActionRunner({ engine, clock, log: silentLogger });
    r.start();
    runners.push(r);
    return r;
  };
  return { dir, engine, clock, run, config: localActionConfig(engine) };
}

test('a command gets the event as JSON on stdin, once, and its output and exit code are in the log', async (t) => {
  const { dir, engine, run, config } = setup(t);
  const svc = await engine.createService({ name: 'Checkout' });
  const rec = recorder(dir);
  const action = config.create({ name: 'Flash the light', command: rec.command, events: ['triggered', 'acknowledged'] });
  assert.deepEqual([action.shell, action.timeoutSeconds, action.serviceIds, action.enabled], [false, 10, [], true]);
  const runner = run();
  const incident = await engine.createIncident({ title: 'Cart is empty', serviceId: svc.id }, 'user:ana');
  await engine.updateIncident(incident.id, { title: 'Cart is empty for everyone' }, 'user:ana');
  await engine.acknowledge([incident.id], 'user:ana');
  await runner.settled();

  assert.deepEqual(rec.lines().map((l) => [l.stdin.type, l.event]), [['incident.triggered', 'triggered'], ['incident.acknowledged', 'acknowledged']]);
  assert.equal(rec.lines()[0]!.stdin.data.incident!.title, 'Cart is empty', 'the incident as it was at the event (the same body a webhook gets)');
  const runs = runsOf(engine.store, action.id, 10);
  assert.deepEqual(runs.map((r) => [r.event, r.state, r.exit_code, r.stdout]), [
    ['acknowledged', 'succeeded', 0, 'light flashed\n'], ['triggered', 'succeeded', 0, 'light flashed\n'],
  ]);

  // "Run again" gives the same event to the command once more.
  const again = await runner.rerun(runs[1]!.id);
  assert.deepEqual([again.state, again.attempts], ['succeeded', 2]);
  assert.equal(rec.lines().length, 3);
  const tested = await runner.test(action.id);
  assert.equal(tested.state, 'succeeded');
  assert.equal(rec.lines()[3]!.stdin.type, 'local_action.test');
});

test('a command that hangs is stopped at its timeout; a failing one is recorded failed with its output, 16 KB at most', async (t) => {
  const { engine, run, config } = setup(t);
  const svc = await engine.createService({ name: 'Search' });
  const stubborn = config.create({
    name: 'Ignores SIGTERM', timeoutSeconds: 1, events: ['triggered'],
    command: [process.execPath, '-e', "process.on('SIGTERM', () => console.log('not yet')); console.log('started'); setInterval(() => {}, 1000)"],
  });
  const sleeper = config.create({ name: 'Sleeps in a shell', timeoutSeconds: 1, events: ['triggered'], shell: true, command: ['echo going to sleep; sleep 60'] });
  const failing = config.create({
    name: 'Fails', events: ['triggered'],
    command: [process.execPath, '-e', "process.stdout.write('x'.repeat(100000)); console.error('no light attached'); process.exit(3)"],
  });
  const missing = config.create({ name: 'Not installed', events: ['triggered'], command: ['/nonexistent/klaxon-light'] });
  const runner = run();
  await engine.createIncident({ title: 'Search returns nothing', serviceId: svc.id }, 'user:ana');
  await runner.settled();

  const [s] = runsOf(engine.store, stubborn.id, 1);
  assert.deepEqual([s!.state, s!.timed_out, s!.signal, s!.exit_code], ['failed', 1, 'SIGKILL', null], 'SIGTERM ignored: killed');
  assert.match(s!.stdout!, /started\nnot yet/);
  assert.match(s!.error!, /did not finish within 1 s/);
  const [z] = runsOf(engine.store, sleeper.id, 1);
  assert.deepEqual([z!.state, z!.timed_out, z!.signal, z!.stdout], ['failed', 1, 'SIGTERM', 'going to sleep\n']);
  const [f] = runsOf(engine.store, failing.id, 1);
  assert.deepEqual([f!.state, f!.exit_code, f!.timed_out, f!.stderr], ['failed', 3, 0, 'no light attached\n']);
  assert.equal(f!.stdout!.length, 16 * 1024, 'output kept to 16 KB');
  const [m] = runsOf(engine.store, missing.id, 1);
  assert.deepEqual([m!.state, m!.error], ['failed', '/nonexistent/klaxon-light: no such program']);
});

test("a teammate's events run here once — also those synced while Klaxon was down — and only events after the action was made", async (t) => {
  const clock = new FakeClock(T0);
  const b = setup(t, clock);
  const a = createEngine({ dataDir: tempDir(t), clock, log: silentLogger });
  t.after(() => a.close());
  const sync = async () => { await b.engine.applyRemoteOps(a.opsSince(a.deviceId, 0, 10_000)); };
  const web = await a.createService({ name: 'Web' });
  const batch = await a.createService({ name: 'Batch' });
  await a.createIncident({ title: 'Before the action', serviceId: web.id }, 'user:ana');
  await sync();
  clock.advance(1_000);
  const rec = recorder(b.dir);
  const action = b.config.create({ name: 'Flash', command: rec.command, events: ['triggered'], serviceIds: [web.id] });
  let runner = b.run();

  await a.createIncident({ title: 'Paged on A', serviceId: web.id }, 'user:ana');
  await a.createIncident({ title: 'Another service', serviceId: batch.id }, 'user:ana');
  await sync();
  await runner.settled();
  assert.deepEqual(rec.lines().map((l) => l.stdin.data.incident!.title), ['Paged on A']);

  // Stopped; A pages again; B starts: the event synced meanwhile runs, the one already run does not run again.
  await runner.close();
  await a.createIncident({ title: 'While B was down', serviceId: web.id }, 'user:ana');
  await sync();
  runner = b.run();
  await runner.settled();
  assert.deepEqual(rec.lines().map((l) => l.stdin.data.incident!.title), ['Paged on A', 'While B was down']);

  // An event that reaches B long after it happened (B was asleep) is logged, not run.
  await runner.close();
  await a.createIncident({ title: 'During the night', serviceId: web.id }, 'user:ana');
  clock.advance(8 * 60 * MIN);
  await sync();
  runner = b.run();
  await runner.settled();
  assert.equal(rec.lines().length, 2);
  const [late] = runsOf(b.engine.store, action.id, 1);
  assert.deepEqual([late!.state, late!.error], ['skipped', 'not run: the event was 480 min old when this device saw it']);
});

test('a paused action runs nothing; a shell line must be one string; an unknown service is refused', async (t) => {
  const { dir, engine, run, config } = setup(t);
  const svc = await engine.createService({ name: 'Web' });
  const rec = recorder(dir);
  const action = config.create({ name: 'Flash', command: rec.command, events: ['triggered'] });
  config.update(action.id, { enabled: false });
  const runner = run();
  await engine.createIncident({ title: 'Quiet', serviceId: svc.id }, 'user:ana');
  await runner.settled();
  assert.deepEqual(rec.lines(), []);
  assert.throws(() => config.update(action.id, { shell: true }), /one string/);
  assert.throws(() => config.create({ name: 'x', command: ['true'], events: ['triggered'], serviceIds: ['svc_nope'] }), /Service svc_nope not found/);
  assert.equal(config.delete(action.id).id, action.id);
  assert.deepEqual(config.list(), []);
});

test('an escalation the clock makes runs the action on a teammate too (it sees it), once', async (t) => {
  const clock = new FakeClock(T0);
  const b = setup(t, clock);
  const a = createEngine({ dataDir: tempDir(t), clock, log: silentLogger });
  t.after(() => a.close());
  const alice = await a.createUser('Alice');
  const bob = await a.createUser('Bob');
  const policy = await a.createPolicy(CreateEscalationPolicy.parse({
    name: 'Web', levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: alice }] }, { delayMinutes: 10, targets: [{ type: 'user', id: bob }] }],
  }), 'x');
  const svc = await a.createService({ name: 'Web' });
  await a.updateService(svc.id, { escalationPolicyId: policy.id });
  const rec = recorder(b.dir);
  b.config.create({ name: 'Siren', command: rec.command, events: ['escalated'] });
  let runner = b.run();
  await a.createIncident({ title: 'Nobody answers', serviceId: svc.id }, 'user:ana');
  await b.engine.applyRemoteOps(a.opsSince(a.deviceId, 0, 10_000));
  await runner.settled();
  assert.deepEqual(rec.lines(), []);

  clock.advance(5 * MIN);
  await runner.settled();
  assert.deepEqual(rec.lines().map((l) => [l.stdin.type, l.event]), [['incident.escalated', 'escalated']]);
  await runner.close();
  runner = b.run();
  await runner.settled();
  assert.equal(rec.lines().length, 1, 'not again after a restart');
});

test('a stop does not wait for a long command: it is stopped and logged as cut short', async (t) => {
  const { engine, run, config } = setup(t);
  const svc = await engine.createService({ name: 'Web' });
  const action = config.create({
    name: 'Long', timeoutSeconds: 300, events: ['triggered'],
    command: [process.execPath, '-e', "console.log('playing'); setInterval(() => {}, 1000)"],
  });
  const runner = run();
  await engine.createIncident({ title: 'Loud', serviceId: svc.id }, 'user:ana');
  await new Promise<void>((resolve) => { const poll = () => (runsOf(engine.store, action.id, 1)[0]?.state === 'running' ? resolve() : setTimeout(poll, 20)); poll(); });
  await runner.close();
  const [r] = runsOf(engine.store, action.id, 1);
  assert.deepEqual([r!.state, r!.timed_out, r!.signal, r!.error], ['failed', 0, 'SIGTERM', 'Klaxon stopped while it ran: stopped with SIGTERM']);
});
