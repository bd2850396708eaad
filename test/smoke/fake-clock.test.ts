// GoAlert-style smoke test: the real `klaxon serve` binary on a fake clock that the test fast-forwards. A snooze
// ends by the clock alone (nothing writes at the end of a snooze), so an hour passes in a millisecond.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, klaxon } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

test('the real binary, fast-forwarded: a snoozed incident is triggered again when its snooze ends', async (t) => {
  const dir = tempDir(t);
  const init = JSON.parse((await klaxon(['init', '--data-dir', dir, '--json'])).stdout) as { routingKey: string; apiKey: string };
  const s = await serve(['--data-dir', dir, '--port', '0', '--no-notify', '--fake-clock'], { KLAXON_TEST_HOOKS: '1' });
  t.after(() => s.child.kill('SIGKILL'));
  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${s.baseUrl}${path}`, {
      method, headers: { authorization: `Bearer ${init.apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: await r.json() as Record<string, unknown> };
  };

  const ev = await fetch(`${s.baseUrl}/v2/enqueue`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ routing_key: init.routingKey, event_action: 'trigger', dedup_key: 'nightly-backup', payload: { summary: 'Backup failed', source: 'cron', severity: 'error' } }),
  });
  assert.equal(ev.status, 202);
  const [incident] = (await api('GET', '/api/incidents?status=triggered')).body.incidents as { id: string }[];
  assert.ok(incident);

  const snoozed = await api('PATCH', `/api/incidents/${incident.id}`, { status: 'SNOOZED', snoozeMinutes: 60 });
  assert.equal(snoozed.body.status, 'snoozed');

  await api('POST', '/__test/clock/advance', { ms: 59 * 60_000 });
  assert.equal((await api('GET', `/api/incidents/${incident.id}`)).body.status, 'snoozed', 'still snoozed a minute before the end');

  await api('POST', '/__test/clock/advance', { ms: 60_000 });
  const after = await api('GET', `/api/incidents/${incident.id}`);
  assert.equal(after.body.status, 'triggered', 'triggered again once the hour has passed');
  assert.equal(((await api('GET', '/api/incidents?status=triggered')).body.incidents as unknown[]).length, 1);
  // And a re-trigger from the monitor after the snooze still deduplicates into the same incident.
  await fetch(`${s.baseUrl}/v2/enqueue`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ routing_key: init.routingKey, event_action: 'trigger', dedup_key: 'nightly-backup', payload: { summary: 'Backup failed', source: 'cron', severity: 'error' } }),
  });
  assert.equal((await api('GET', `/api/incidents/${incident.id}`)).body.alertCount, 2);
});

test('the fake clock is a test hook only: without KLAXON_TEST_HOOKS=1 the flag is refused', async (t) => {
  const dir = tempDir(t);
  const r = await klaxon(['serve', '--data-dir', dir, '--port', '0', '--no-notify', '--fake-clock'], { KLAXON_TEST_HOOKS: '' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--fake-clock needs KLAXON_TEST_HOOKS=1/);
});
