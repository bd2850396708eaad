// The compiled `klaxon` (`vite build --mode headless`, part of `npm run build`, which bin/klaxon.mjs runs when it is
// current) does what the sources do: it answers /healthz, takes an event, serves the window from dist/renderer
// (found from the app's folder, not from where the compiled file sits), reports the package's version, and runs the
// commands whose code is loaded only on demand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildHeadless } from '../support/build-headless.ts';
import { fetchJson } from '../support/server.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ensureRendererBuilt } from '../renderer/support/build.ts';
import { REPO_ROOT, klaxonInit, runKlaxon, startKlaxon } from '../integration/support/klaxon-process.ts';

test('the compiled klaxon serves: /healthz, an event in, the window, open, keys and its version', async (t) => {
  const rendererDir = ensureRendererBuilt();
  const build = await buildHeadless();
  t.after(() => build.remove());
  const dataDir = tempDir(t, 'klaxon-compiled-');
  const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

  // Plain JavaScript, standing alone: nothing in it still points at the TypeScript sources.
  const files = readdirSync(build.outDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mjs'));
  for (const f of files) assert.doesNotMatch(readFileSync(path.join(build.outDir, f), 'utf8'), /from\s*["'][^"']*\.ts["']|import\(\s*["'][^"']*\.ts["']/, f);

  assert.equal((await runKlaxon(['--version'], { entry: build.entry })).stdout.trim(), version);
  const { routingKey, apiKey } = await klaxonInit(dataDir, { entry: build.entry });
  const host = await startKlaxon({ dataDir, entry: build.entry });
  t.after(() => host.stop());

  const health = await fetchJson(host.baseUrl, '/healthz');
  assert.equal(health.status, 200);
  assert.equal(health.body.status, 'ok');
  assert.equal(health.body.version, version);

  const event = await fetchJson(host.baseUrl, '/v2/enqueue', {
    body: { routing_key: routingKey, event_action: 'trigger', dedup_key: 'compiled-1', payload: { summary: 'Compiled host took this', source: 'test', severity: 'critical' } },
  });
  assert.equal(event.status, 202, event.text);
  const listed = await fetchJson(host.baseUrl, '/api/incidents', { key: apiKey });
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.body.incidents.map((i: { title: string }) => i.title), ['Compiled host took this']);

  const scriptPath = /src="\.(\/assets\/[^"]+\.js)"/.exec(readFileSync(path.join(rendererDir, 'index.html'), 'utf8'))?.[1];
  assert.ok(scriptPath, 'the built window names its script');
  const script = await fetch(new URL(scriptPath, host.baseUrl));
  assert.equal(script.status, 200, 'the window is served from dist/renderer');
  assert.match(script.headers.get('content-type') ?? '', /javascript/);

  const link = (await runKlaxon(['open', '--print', '--data-dir', dataDir], { entry: build.entry })).stdout.trim();
  assert.ok(link.startsWith(`${host.baseUrl}/sign-in#token=`), link);
  const keys = JSON.parse((await runKlaxon(['keys', 'list', '--json', '--data-dir', dataDir], { entry: build.entry })).stdout) as { scopes: string[] }[];
  assert.deepEqual(keys.map((k) => k.scopes), [['admin']]);
  const services = JSON.parse((await runKlaxon(['services', 'list', '--json', '--data-dir', dataDir], { entry: build.entry })).stdout) as { routingKey: string }[];
  assert.deepEqual(services.map((s) => s.routingKey), [routingKey]);
  const windows = JSON.parse((await runKlaxon(['maintenance', 'list', '--json', '--data-dir', dataDir], { entry: build.entry })).stdout) as unknown[];
  assert.deepEqual(windows, []);

  assert.deepEqual(await host.stop(), { code: 0, signal: null });
});
