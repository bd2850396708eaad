// The timed decisions keep each open incident's deadlines between runs and work out again only what a batch
// touched (all of them when a service changed). What a user would notice if that went wrong: a deadline lost after
// an unrelated batch, an old deadline kept after a re-open, a service's new timeout not applied to incidents already
// open, or, with two runs at once, the same decision written twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import { createTimedDecisions } from '../../src-main/engine/timed-decisions.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { tempDir } from '../support/temp-dir.ts';
import { pollUntil } from '../support/server.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-06T23:00:00Z');

/** Every queued run and the commands it awaits have gone through (the commit queue answers within a few ticks). */
const settle = async () => { for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve)); };

/** Web (auto-resolve after `autoResolveMinutes`, if given) and Other (none); the runner listens to `wrap(engine)`. */
async function setup(t: { after(fn: () => unknown): void }, opts: { autoResolveMinutes?: number; wrap?: (e: Engine) => Engine } = {}) {
  const clock = new FakeClock(T0);
  const engine: Engine = createEngine({ dataDir: tempDir(t), clock, log: silentLogger });
  t.after(() => engine.close());
  const web = await engine.createService({ name: 'Web' });
  if (opts.autoResolveMinutes) await engine.updateService(web.id, { autoResolveMinutes: opts.autoResolveMinutes });
  const other = await engine.createService({ name: 'Other' });
  const decisions = createTimedDecisions({ engine: opts.wrap ? opts.wrap(engine) : engine, clock, log: silentLogger });
  t.after(() => decisions.close());
  decisions.start();
  const trigger = async (dedupKey: string, routingKey = web.routingKey) => (await engine.ingestEvent({
    action: 'trigger', routingKey, dedupKey, summary: 'CPU high', source: 'prometheus', severity: 'critical', receivedVia: 'enqueue',
  })).incidentId!;
  const status = (id: string) => engine.getIncident(id).status;
  return { clock, engine, web, other, trigger, status };
}

test('an auto-resolve deadline still comes after unrelated batches: other incidents, a note, a repeat, an acknowledgement', async (t) => {
  const { clock, engine, other, trigger, status } = await setup(t, { autoResolveMinutes: 60 });
  const a = await trigger('cpu');
  await settle();
  clock.advance(10 * MIN);
  await trigger('elsewhere', other.routingKey);
  await engine.addNote(a, { text: 'looking' }, 'user:me');
  await trigger('cpu'); // a repeat of the same alert
  await engine.acknowledge([a], 'user:me');
  const b = await trigger('disk');
  await settle();
  clock.advance(50 * MIN - 1);
  await settle();
  assert.equal(status(a), 'acknowledged');
  clock.advance(1);
  await pollUntil(() => status(a) === 'resolved', { timeoutMs: 5000, message: 'not auto-resolved after the unrelated batches' });
  assert.equal(status(b), 'triggered', 'the one triggered 10 minutes later has 10 minutes to go');
  clock.advance(10 * MIN);
  await pollUntil(() => status(b) === 'resolved', { timeoutMs: 5000, message: 'the later incident was not auto-resolved' });
});

test('a re-opened incident is auto-resolved counting from the re-open, not from its first trigger', async (t) => {
  const { clock, engine, trigger, status } = await setup(t, { autoResolveMinutes: 60 });
  const a = await trigger('cpu');
  clock.advance(30 * MIN);
  await engine.resolve([a], 'user:me');
  clock.advance(10 * MIN);
  await engine.updateIncident(a, { status: 'triggered' }, 'user:me'); // re-opened
  await settle();
  clock.advance(60 * MIN - 1); // 99 minutes after the trigger, 59 after the re-open
  await settle();
  assert.equal(status(a), 'triggered');
  clock.advance(1);
  await pollUntil(() => status(a) === 'resolved', { timeoutMs: 5000, message: 'not auto-resolved 60 minutes after the re-open' });
  assert.equal(engine.getIncident(a).resolvedAt, new Date(T0 + 100 * MIN).toISOString());
});

test('an auto-resolve timeout given to a service applies to the incidents already open on it', async (t) => {
  const { clock, engine, web, trigger, status } = await setup(t);
  const a = await trigger('cpu');
  await settle();
  clock.advance(10 * MIN);
  await engine.updateService(web.id, { autoResolveMinutes: 60 });
  await settle();
  clock.advance(50 * MIN);
  await pollUntil(() => status(a) === 'resolved', { timeoutMs: 5000, message: 'the new timeout was not applied to an open incident' });
});

test('runs never overlap: a batch while a decision is being written waits for it, and nothing is written twice', async (t) => {
  let active = 0;
  let most = 0;
  const calls: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  // The runner's resolve is held at the gate, as a slow disk would hold it.
  const wrap = (engine: Engine): Engine => Object.create(engine, {
    resolve: {
      value: async (ids: string[], by: string) => {
        calls.push(...ids);
        most = Math.max(most, ++active);
        try { await gate; return await engine.resolve(ids, by); } finally { active -= 1; }
      },
    },
  }) as Engine;
  const { clock, trigger, status } = await setup(t, { autoResolveMinutes: 60, wrap });
  const a = await trigger('cpu');
  const b = await trigger('disk');
  await settle();
  clock.advance(60 * MIN);
  await settle();
  assert.equal(calls.length, 1, 'the first decision is being written');
  const c = await trigger('memory'); // a batch that asks for another run meanwhile
  clock.advance(MIN);
  await settle();
  assert.equal(calls.length, 1, 'no second run started while the first awaits its write');
  release();
  await pollUntil(() => status(a) === 'resolved' && status(b) === 'resolved', { timeoutMs: 5000, message: 'not auto-resolved' });
  assert.equal(status(c), 'triggered');
  clock.advance(60 * MIN);
  await pollUntil(() => status(c) === 'resolved', { timeoutMs: 5000, message: 'the later incident was not auto-resolved' });
  clock.advance(60 * MIN);
  await settle();
  assert.equal(most, 1, 'one write at a time');
  assert.deepEqual([...calls].sort(), [a, b, c].sort(), 'each incident resolved once, the one triggered later at its own deadline');
});
