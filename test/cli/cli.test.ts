// The `klaxon` command as a user runs it.
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { klaxon, serve } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

test('init on a new data dir prints a service, its routing key and an admin key once; a second init changes nothing', async (t) => {
  const dir = tempDir(t);
  const first = await klaxon(['init', '--data-dir', dir, '--json']);
  assert.equal(first.code, 0, first.stderr);
  const r = JSON.parse(first.stdout) as { serviceId: string; routingKey: string; apiKey: string };
  assert.match(r.serviceId, /^svc_/);
  assert.match(r.routingKey, /^[0-9a-f]{32}$/);
  assert.match(r.apiKey, /^klx_/);

  const again = await klaxon(['init', '--data-dir', dir]);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /already initialised; nothing changed/);
  const services = JSON.parse((await klaxon(['services', 'list', '--data-dir', dir, '--json'])).stdout) as unknown[];
  assert.equal(services.length, 1);
});

test('keys: create with scopes (shown once), list without the secret, revoke', async (t) => {
  const dir = tempDir(t);
  await klaxon(['init', '--data-dir', dir]);
  const created = await klaxon(['keys', 'create', '--scopes', 'events:write,incidents:read', '--name', 'grafana', '--data-dir', dir, '--json']);
  assert.equal(created.code, 0, created.stderr);
  const key = JSON.parse(created.stdout) as { id: string; key: string; scopes: string[] };
  assert.deepEqual(key.scopes, ['events:write', 'incidents:read']);

  const list = await klaxon(['keys', 'list', '--data-dir', dir]);
  assert.match(list.stdout, /grafana/);
  assert.ok(!list.stdout.includes(key.key), 'the secret is never listed');

  const revoked = await klaxon(['keys', 'revoke', key.id, '--data-dir', dir, '--json']);
  assert.ok((JSON.parse(revoked.stdout) as { revokedAt: string | null }).revokedAt);
});

test('bad usage gets a clear message and exit code 2', async (t) => {
  const dir = tempDir(t);
  const noScopes = await klaxon(['keys', 'create', '--data-dir', dir]);
  assert.equal(noScopes.code, 2);
  assert.match(noScopes.stderr, /--scopes/);
  const badScope = await klaxon(['keys', 'create', '--scopes', 'everything', '--data-dir', dir]);
  assert.equal(badScope.code, 2);
  const unknown = await klaxon(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command/);
});

test('services create prints the new routing key', async (t) => {
  const dir = tempDir(t);
  const s = await klaxon(['services', 'create', '--name', 'Payments', '--data-dir', dir, '--json']);
  const svc = JSON.parse(s.stdout) as { name: string; routingKey: string };
  assert.equal(svc.name, 'Payments');
  assert.match((await klaxon(['services', 'list', '--data-dir', dir])).stdout, new RegExp(svc.routingKey));
});

test('serve on a fresh data dir initialises it, listens on 127.0.0.1, and stops cleanly on SIGTERM', async (t) => {
  const dir = tempDir(t);
  const s = await serve(['--data-dir', dir, '--port', '0', '--no-notify']);
  t.after(() => s.child.kill('SIGKILL'));
  assert.match(s.stdout(), /routing key: [0-9a-f]{32}/);
  assert.match(s.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  const health = await fetch(`${s.baseUrl}/healthz`);
  assert.equal(health.status, 200);
  s.child.kill('SIGTERM');
  assert.equal(await s.exited, 0);
  assert.match(s.stderr(), /stopped/);
});

test('serve takes its port and data dir from the environment when no flags are given', async (t) => {
  const dir = tempDir(t);
  const s = await serve(['--no-notify'], { KLAXON_DATA_DIR: dir, KLAXON_PORT: '0' });
  t.after(() => s.child.kill('SIGKILL'));
  assert.match(s.stderr(), new RegExp(`data: ${dir}`));
  s.child.kill('SIGINT');
  assert.equal(await s.exited, 0);
});

test('a second serve on a data dir that is already served is refused, naming the one that runs', async (t) => {
  const dir = tempDir(t);
  const s = await serve(['--data-dir', dir, '--port', '0', '--no-notify']);
  t.after(() => s.child.kill('SIGKILL'));
  const second = await klaxon(['serve', '--data-dir', dir, '--port', '0', '--no-notify']);
  assert.equal(second.code, 2);
  assert.match(second.stderr, new RegExp(`already serving .* at ${s.baseUrl.replace(/[.]/g, '\\.')}`));
  assert.equal((await fetch(`${s.baseUrl}/healthz`)).status, 200, 'the first one keeps serving');
});

test('a stale port file left by a crashed host (its pid now reused by another program) does not block serve', async (t) => {
  const dir = tempDir(t);
  await klaxon(['init', '--data-dir', dir]);
  // process.pid is alive (it is this test runner) but nothing answers at that address.
  writeFileSync(path.join(dir, 'runtime.json'), JSON.stringify({ pid: process.pid, baseUrl: 'http://127.0.0.1:9', startedAt: new Date().toISOString() }));
  const s = await serve(['--data-dir', dir, '--port', '0', '--no-notify']);
  t.after(() => s.child.kill('SIGKILL'));
  assert.equal((await fetch(`${s.baseUrl}/healthz`)).status, 200);
});

test('a port already in use is a clear error, and the process exits instead of hanging', async (t) => {
  const dir = tempDir(t);
  const first = await serve(['--data-dir', tempDir(t), '--port', '0', '--no-notify']);
  t.after(() => first.child.kill('SIGKILL'));
  const port = new URL(first.baseUrl).port;
  const second = await klaxon(['serve', '--data-dir', dir, '--port', port, '--no-notify']);
  assert.equal(second.code, 1);
  assert.match(second.stderr, /EADDRINUSE|in use/i);
});

test('maintenance: schedule for a service by name for a duration, list it, cancel it; bad input is named', async (t) => {
  const dir = tempDir(t);
  const init = JSON.parse((await klaxon(['init', '--data-dir', dir, '--json'])).stdout) as { serviceId: string };
  const created = await klaxon(['maintenance', 'create', '--title', 'DB upgrade', '--service', 'Default service', '--for', '2h', '--impact', 'minor', '--data-dir', dir, '--json']);
  assert.equal(created.code, 0, created.stderr);
  const m = JSON.parse(created.stdout) as { id: string; status: string; serviceIds: string[]; scheduledStart: string; scheduledEnd: string; impact: string };
  assert.equal(m.status, 'in_progress');
  assert.deepEqual(m.serviceIds, [init.serviceId]);
  assert.equal(Date.parse(m.scheduledEnd) - Date.parse(m.scheduledStart), 2 * 3_600_000);
  assert.equal(m.impact, 'minor');

  const listed = await klaxon(['maintenance', 'list', '--data-dir', dir]);
  assert.match(listed.stdout, new RegExp(`${m.id}\\s+in_progress .*DB upgrade\\s+\\[Default service\\]`));
  const cancelled = await klaxon(['maintenance', 'cancel', m.id, '--data-dir', dir, '--json']);
  assert.equal(JSON.parse(cancelled.stdout).status, 'cancelled');
  assert.match((await klaxon(['maintenance', 'list', '--data-dir', dir])).stdout, /No maintenance scheduled or in progress/);
  assert.match((await klaxon(['maintenance', 'list', '--all', '--data-dir', dir])).stdout, new RegExp(`${m.id}\\s+cancelled`));

  const backwards = await klaxon(['maintenance', 'create', '--title', 'x', '--start', '2030-01-01T02:00:00Z', '--end', '2030-01-01T01:00:00Z', '--data-dir', dir]);
  assert.notEqual(backwards.code, 0);
  assert.match(backwards.stderr, /--end: must be after scheduledStart/);
  const badDuration = await klaxon(['maintenance', 'create', '--title', 'x', '--for', 'two hours', '--data-dir', dir]);
  assert.match(badDuration.stderr, /--for takes a duration like 90m, 2h or 1d/);
  const noSuchService = await klaxon(['maintenance', 'create', '--title', 'x', '--for', '1h', '--service', 'Payments', '--data-dir', dir]);
  assert.match(noSuchService.stderr, /no service "Payments"/);
});

test('names with a bidi override or a carriage return print as visible escapes; --json keeps the value and escapes it', async (t) => {
  const dir = tempDir(t);
  await klaxon(['init', '--data-dir', dir]);
  // Raw, a terminal would show "Billing" then overwrite the line start with "Payroll".
  const name = 'Billing \u202Eyllaer\u202C\rPayroll';
  const created = await klaxon(['services', 'create', '--name', name, '--data-dir', dir]);
  assert.equal(created.code, 0, created.stderr);
  assert.ok(created.stdout.includes('(Billing <U+202E>yllaer<U+202C><U+000D>Payroll)'), created.stdout);

  const list = await klaxon(['services', 'list', '--data-dir', dir]);
  assert.ok(list.stdout.includes('Billing <U+202E>yllaer<U+202C><U+000D>Payroll'), list.stdout);
  assert.doesNotMatch(list.stdout, /[\u202E\u202C\r]/);

  const json = await klaxon(['services', 'list', '--data-dir', dir, '--json']);
  assert.doesNotMatch(json.stdout, /[\u202E\u202C\r]/);
  const services = JSON.parse(json.stdout) as { name: string }[];
  assert.ok(services.some((s) => s.name === name), 'the stored name is the one sent');

  const window = await klaxon(['maintenance', 'create', '--title', 'Deploy \u2067v2\u2069', '--for', '1h', '--service', name, '--data-dir', dir]);
  assert.equal(window.code, 0, window.stderr);
  const windows = await klaxon(['maintenance', 'list', '--data-dir', dir]);
  assert.ok(windows.stdout.includes('Deploy <U+2067>v2<U+2069>  [Billing <U+202E>yllaer<U+202C><U+000D>Payroll]'), windows.stdout);
});
