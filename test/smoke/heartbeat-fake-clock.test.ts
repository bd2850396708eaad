// The real `klaxon serve` binary on a fake clock: a heartbeat monitor created by the body opens its incident
// once interval + grace pass without a beat, and a beat on its push URL resolves it. The clock moves a second at a
// time (the machine awake: the runner looks every second); one long jump would be a sleep, which opens nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, klaxon } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read field by field
type Json = any;

test('the real binary, fast-forwarded: a silent heartbeat opens its incident and a beat resolves it', async (t) => {
  const dir = tempDir(t);
  const init = JSON.parse((await klaxon(['init', '--data-dir', dir, '--json'])).stdout) as { apiKey: string };
  const s = await serve(['--data-dir', dir, '--port', '0', '--no-notify', '--fake-clock'], { KLAXON_TEST_HOOKS: '1' });
  t.after(() => s.child.kill('SIGKILL'));
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${s.baseUrl}${path}`, {
      method, headers: { authorization: `Bearer ${init.apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: await r.json() as Json };
  };
  const [service] = (await api('GET', '/api/services')).body.services as { id: string }[];
  const created = await api('POST', '/api/monitors', { name: 'nightly backup', type: 'heartbeat', intervalSeconds: 10, graceSeconds: 5, serviceId: service!.id });
  assert.equal(created.status, 201);
  const monitor = created.body.monitor as { id: string; heartbeatUrl: string };
  assert.equal((await fetch(monitor.heartbeatUrl)).status, 200);

  const incident = async () => ((await api('GET', '/api/incidents?limit=50&status=triggered,resolved')).body.incidents as { id: string; dedupKey: string }[])
    .find((i) => i.dedupKey === `monitor:${monitor.id}`);
  /** Moves the clock a second at a time until `done` holds, for at most `seconds`; returns the seconds it took. */
  const advanceUntil = async (seconds: number, done: () => Promise<boolean>) => {
    for (let i = 1; i <= seconds; i++) {
      await api('POST', '/__test/clock/advance', { ms: 1000 });
      if (await done()) return i;
    }
    return null;
  };
  const took = await advanceUntil(40, async () => (await incident()) !== undefined);
  assert.ok(took !== null && took >= 15, `down once 15 s passed without a beat (took ${took} s)`);
  const inc = (await incident())!;
  const open = (await api('GET', `/api/incidents/${inc.id}`)).body;
  assert.equal(open.autoCreated, true);
  assert.equal(open.status, 'triggered');
  assert.equal(open.progress, 'investigating');

  assert.equal((await fetch(monitor.heartbeatUrl, { method: 'POST' })).status, 200);
  const resolved = (await api('GET', `/api/incidents/${inc.id}`)).body;
  assert.equal(resolved.status, 'resolved');
  assert.equal(resolved.progress, 'resolved');
  assert.ok(resolved.resolvedAt);
});
