// The crash gap, with the real host: an event committed to a data dir whose host was killed with SIGKILL (what a
// crash between an op's commit and its delivery being recorded leaves: the op on disk, nothing owed for it) is
// delivered when the host starts again, once; what was delivered before the kill is not sent again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { klaxonInit, makeDataDir, removeDataDir, startKlaxon, eventually, type KlaxonProcess } from './support/klaxon-process.ts';
import { createEngine } from '../../src-main/engine/engine.ts';
import { systemClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

test('an event committed while the host was down after a SIGKILL is delivered at its restart, once', async (t) => {
  const dir = makeDataDir();
  const init = await klaxonInit(dir);
  const receiver = await startWebhookReceiver();
  let host: KlaxonProcess = await startKlaxon({ dataDir: dir });
  t.after(async () => { await host.stop('SIGKILL'); await receiver.close(); removeDataDir(dir); });
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(new URL(url, host.baseUrl), {
      method, headers: { authorization: `Bearer ${init.apiKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const hook = (await api('POST', '/api/webhooks', { url: receiver.url, events: ['triggered'] })).body.webhook as { id: string };
  assert.equal((await api('POST', '/api/incidents', { title: 'Before the kill', serviceId: init.serviceId })).status, 201);
  await eventually(() => (receiver.received.length === 1 ? true : undefined), { what: 'the first delivery' });

  await host.stop('SIGKILL');
  // Committed with no host listening: the state a crash right after the commit leaves.
  const engine = createEngine({ dataDir: dir, clock: systemClock, log: silentLogger });
  const missed = await engine.createIncident({ title: 'Committed, never delivered', serviceId: init.serviceId }, 'user:ana');
  await engine.close();

  host = await startKlaxon({ dataDir: dir });
  await eventually(async () => {
    const log = (await api('GET', `/api/webhooks/${hook.id}/deliveries`)).body.deliveries as { incidentId: string; state: string }[];
    return log.find((d) => d.incidentId === missed.id && d.state === 'delivered');
  }, { what: 'the missed event delivered' });
  const titles = receiver.received.map((r) => (JSON.parse(r.body) as { data: { incident: { title: string } } }).data.incident.title);
  assert.deepEqual(titles, ['Before the kill', 'Committed, never delivered']);
});
