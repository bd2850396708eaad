// `klaxon monitors` on the data dir a running `klaxon serve` uses: a heartbeat added by the CLI gets a push URL on
// the running host, which takes beats on it, and `show` then reads the runner's verdict; the host lists and pauses
// what the CLI wrote; bad flags are refused with exit 2 naming the flag, and nothing is created; results, rm and
// `klaxon help` too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { klaxon, serve } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { eventually } from '../integration/support/klaxon-process.ts';
import { Monitor, ListMonitorsResponse, MonitorResultsResponse } from '../../src-shared/schemas/monitors.ts';

test('klaxon monitors add / list / show / pause / resume / results / rm against a running host', async (t) => {
  const dir = tempDir(t);
  const { apiKey } = JSON.parse((await klaxon(['init', '--data-dir', dir, '--json'])).stdout) as { apiKey: string };
  const host = await serve(['--data-dir', dir, '--port', '0', '--no-notify', '--no-sync']);
  t.after(() => host.child.kill('SIGKILL'));
  const run = (...args: string[]) => klaxon(['monitors', ...args, '--data-dir', dir]);
  const hostMonitors = async () => ListMonitorsResponse.parse(await (await fetch(`${host.baseUrl}/api/monitors`, { headers: { authorization: `Bearer ${apiKey}` } })).json()).monitors;

  const refused = await run('add', 'http', '--name', 'shop', '--service', 'Default service', '--url', 'ftp://shop', '--interval', '5', '--expect', '2xx');
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--interval: .*10/);
  assert.match(refused.stderr, /--url: /);
  assert.match(refused.stderr, /--expect: a status code or a range like 200-299/);
  assert.equal((await run('add', 'tcp', '--name', 'db', '--service', 'No such', '--host', 'db', '--port', '1')).code, 2);
  assert.deepEqual(await hostMonitors(), [], 'nothing was created');

  const added = await run('add', 'heartbeat', '--name', 'nightly backup', '--service', 'Default service', '--interval', '60', '--grace', '30', '--json');
  assert.equal(added.code, 0, added.stderr);
  const beat = Monitor.parse(JSON.parse(added.stdout));
  assert.ok(beat.heartbeatUrl?.startsWith(`${host.baseUrl}/api/heartbeats/`), `the push URL is on the running host: ${beat.heartbeatUrl}`);
  assert.equal(beat.config.graceSeconds, 30);
  const text = await run('add', 'http', '--name', 'shop', '--service', 'Default service', '--url', 'http://127.0.0.1:9/health',
    '--header', 'Accept: text/html', '--expect', '200-299', '--expect', '301', '--keyword', 'Welcome', '--keyword-absent', '--retries', '2');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^Added mon_\S+ {2}\S+ {2}http {2}shop {2}http:\/\/127\.0\.0\.1:9\/health/);
  assert.deepEqual((await hostMonitors()).map((m) => m.name).sort(), ['nightly backup', 'shop'], 'the host lists what the CLI added');
  const shop = (await hostMonitors()).find((m) => m.name === 'shop')!;
  assert.deepEqual([shop.config.headers, shop.config.expectedStatus, shop.config.keyword, shop.config.keywordAbsent, shop.config.retries],
    [{ Accept: 'text/html' }, ['200-299', '301'], 'Welcome', true, 2]);

  // A beat on the printed URL reaches the running host's runner; `show` reads its verdict.
  assert.equal((await fetch(beat.heartbeatUrl!)).status, 200);
  const shown = await run('show', 'nightly backup', '--json');
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal(JSON.parse(shown.stdout).monitor.check.state, 'up');
  // The beat is a recorded check once the host's recorder flushes (every few seconds): then `show` counts it.
  const shownText = await eventually(async () => {
    const out = (await run('show', 'nightly backup')).stdout;
    return /24 h uptime: 100\.00 %/.test(out) ? out : undefined;
  }, { what: 'the beat to be counted in the 24 h uptime', timeoutMs: 30_000 });
  assert.match(shownText, /^nightly backup \(mon_\S+\): up\n.*runs on this device\n {2}24 h uptime: 100\.00 %\n {2}Last checks:\n {4}\S+ {2}up\n/);

  const list = await run('list');
  assert.match(list.stdout, /^ID +STATE +KIND +NAME +TARGET\n/);
  assert.match(list.stdout, /up +heartbeat +nightly backup/);

  assert.equal((await run('pause', 'shop')).code, 0);
  assert.equal((await hostMonitors()).find((m) => m.name === 'shop')!.paused, true, 'the host sees the pause');
  assert.match((await run('resume', 'shop')).stdout, /^Resumed /);
  assert.equal((await hostMonitors()).find((m) => m.name === 'shop')!.paused, false);

  const results = await run('results', 'shop', '--json');
  assert.equal(results.code, 0, results.stderr);
  const r = MonitorResultsResponse.parse(JSON.parse(results.stdout));
  assert.equal(r.monitorId, shop.id);
  assert.equal(Date.parse(r.to) - Date.parse(r.from), 86_400_000, 'the last 24 h by default');
  const bad = await run('results', 'shop', '--from', 'yesterday');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--from: not a date and time/);

  assert.match((await run('rm', shop.id)).stdout, /^Removed /);
  assert.deepEqual((await hostMonitors()).map((m) => m.name), ['nightly backup']);
  assert.match((await run('show', 'shop')).stderr, /no monitor "shop"/);
  assert.match((await klaxon(['help'])).stdout, /klaxon monitors list/);

  host.child.kill('SIGTERM');
  assert.equal(await host.exited, 0);
});
