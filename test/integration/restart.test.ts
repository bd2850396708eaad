// Restart: events accepted → the host is stopped with SIGTERM (it must exit cleanly and say so) → started again on
// the same data dir → every incident is there as it was, and the engine carries on from that state (a repeat trigger
// is deduplicated into the open incident; a resolved key opens a new one).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { klaxonInit, makeDataDir, removeDataDir, startKlaxon, type KlaxonProcess } from './support/klaxon-process.ts';
import { allIncidents, enqueue } from './support/klaxon-api.ts';

const dataDir = makeDataDir();
const running: KlaxonProcess[] = [];
after(async () => {
  for (const p of running) await p.stop();
  removeDataDir(dataDir);
});

const trigger = (routingKey: string, key: string, summary: string) => ({
  routing_key: routingKey, event_action: 'trigger', dedup_key: key,
  payload: { summary, source: 'restart-test', severity: 'warning', custom_details: { n: key } },
});

const snapshot = (list: Awaited<ReturnType<typeof allIncidents>>) =>
  list.map((i) => ({ id: i.id, title: i.title, status: i.status, dedupKey: i.dedupKey, alertCount: i.alertCount, urgency: i.urgency, customDetails: i.customDetails }))
    .sort((a, b) => a.id.localeCompare(b.id));

test('incidents accepted before a SIGTERM are all there after a restart on the same data dir', { timeout: 120_000 }, async () => {
  const init = await klaxonInit(dataDir);
  const first = await startKlaxon({ dataDir });
  running.push(first);

  for (let n = 0; n < 20; n++) {
    const res = await enqueue(first.baseUrl, trigger(init.routingKey, `restart-${n}`, `Disk ${n} filling up`));
    assert.equal(res.status, 202);
  }
  for (const n of [0, 1, 2]) assert.equal((await enqueue(first.baseUrl, trigger(init.routingKey, `restart-${n}`, `Disk ${n} filling up`))).status, 202);
  for (const n of [10, 11]) {
    assert.equal((await enqueue(first.baseUrl, { routing_key: init.routingKey, event_action: 'resolve', dedup_key: `restart-${n}` })).status, 202);
  }
  const beforeStop = snapshot(await allIncidents(first.baseUrl, init.apiKey));
  assert.equal(beforeStop.length, 20);

  const exit = await first.stop('SIGTERM');
  assert.deepEqual(exit, { code: 0, signal: null }, `clean exit on SIGTERM; log:\n${first.output()}`);
  assert.match(first.output(), /SIGTERM/, 'the log says it got SIGTERM');
  assert.match(first.output(), /stopped/, 'the log says it stopped');

  const second = await startKlaxon({ dataDir });
  running.push(second);
  const afterRestart = snapshot(await allIncidents(second.baseUrl, init.apiKey));
  assert.deepEqual(afterRestart, beforeStop);
  assert.equal(afterRestart.find((i) => i.dedupKey === 'restart-0')?.alertCount, 2);
  assert.equal(afterRestart.filter((i) => i.status === 'resolved').length, 2);

  // The restarted engine works from the stored state, not a fresh one.
  assert.equal((await enqueue(second.baseUrl, trigger(init.routingKey, 'restart-5', 'Disk 5 filling up'))).status, 202);
  assert.equal((await enqueue(second.baseUrl, trigger(init.routingKey, 'restart-10', 'Disk 10 filling up again'))).status, 202);
  const later = await allIncidents(second.baseUrl, init.apiKey);
  assert.equal(later.length, 21, 'the resolved key opened a new incident; the open one took the repeat');
  assert.equal(later.find((i) => i.dedupKey === 'restart-5')?.alertCount, 2);
  assert.equal(later.filter((i) => i.dedupKey === 'restart-10' && i.status === 'triggered').length, 1);
});
