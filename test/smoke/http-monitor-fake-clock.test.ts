// The real `klaxon serve` binary on a fake clock, checking a real local HTTP server: failing past its retries opens
// the monitor's incident with the failing status in it, the verdict survives a restart of the binary (down stays
// down), and the recovery after it resolves the incident.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, klaxon } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startTarget } from '../support/check-targets.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read field by field
type Json = any;

test('the real binary, fast-forwarded: a failing HTTP check opens its incident, stays down across a restart, and recovery resolves it', async (t) => {
  const dir = tempDir(t);
  const site = await startTarget();
  t.after(() => site.close());
  site.set({ status: 502 });
  const init = JSON.parse((await klaxon(['init', '--data-dir', dir, '--json'])).stdout) as { apiKey: string };
  const start = async () => {
    const s = await serve(['--data-dir', dir, '--port', '0', '--no-notify', '--fake-clock'], { KLAXON_TEST_HOOKS: '1' });
    t.after(() => s.child.kill('SIGKILL'));
    return s;
  };
  let s = await start();
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${s.baseUrl}${path}`, {
      method, headers: { authorization: `Bearer ${init.apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: await r.json() as Json };
  };
  const [service] = (await api('GET', '/api/services')).body.services as { id: string }[];
  const created = await api('POST', '/api/monitors', { name: 'api gateway', type: 'http', url: site.url, intervalSeconds: 10, retries: 1, timeoutSeconds: 2, serviceId: service!.id });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const monitor = created.body.monitor as { id: string };

  const incident = async () => ((await api('GET', '/api/incidents?limit=50&status=triggered,resolved')).body.incidents as { id: string; dedupKey: string; status: string }[])
    .find((i) => i.dedupKey === `monitor:${monitor.id}`);
  /** Moves the clock a second at a time until `done` holds, for at most `seconds`; returns the seconds it took. */
  const advanceUntil = async (seconds: number, done: () => Promise<boolean>) => {
    for (let i = 1; i <= seconds; i++) {
      await api('POST', '/__test/clock/advance', { ms: 1000 });
      // The check itself runs in real time against the local server: give it a moment to answer.
      await new Promise((r) => setTimeout(r, 20));
      if (await done()) return i;
    }
    return null;
  };
  const took = await advanceUntil(40, async () => (await incident()) !== undefined);
  assert.ok(took !== null && took >= 10, `down on the second failure, an interval after the first (took ${took} s)`);
  const inc = (await incident())!;
  const open = (await api('GET', `/api/incidents/${inc.id}`)).body;
  assert.equal(open.autoCreated, true);
  assert.equal(open.status, 'triggered');
  assert.equal(open.customDetails.status, 502);
  assert.match(open.title, /api gateway is down: HTTP 502/);

  s.child.kill('SIGTERM');
  await new Promise((r) => s.child.once('exit', r));
  s = await start();
  assert.equal((await api('GET', `/api/monitors/${monitor.id}`)).body.monitor.check.state, 'down', 'down across the restart');

  site.set({ status: 200 });
  const healed = await advanceUntil(40, async () => (await incident())?.status === 'resolved');
  assert.ok(healed !== null, 'the first success after the restart resolves it');
  const resolved = (await api('GET', `/api/incidents/${inc.id}`)).body;
  assert.equal(resolved.progress, 'resolved');
  assert.match(JSON.stringify(resolved.timeline), /api gateway is up again/);
});
