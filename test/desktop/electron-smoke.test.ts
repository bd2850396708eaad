// The real desktop app under Playwright's `_electron`: it launches, its window shows the queue (an event posted to
// its receiver appears as a row), and its tray exists. It needs Electron's binary, which `npm install` downloads
// from outside the npm registry; where that binary is absent (as on these machines) the test says so and skips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './support/build-desktop.ts';
import { makeTempDir, removeDir, fetchJson, pollUntil } from '../support/server.ts';

/** The Electron executable, or why there is none. (The electron package's index.js throws when its binary is missing.) */
function electronBinary(): { path: string } | { missing: string } {
  if (!existsSync(path.join(repoRoot, 'node_modules', 'electron', 'path.txt'))) {
    return { missing: 'node_modules/electron has no binary (its install step downloads it from outside the npm registry)' };
  }
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    if (typeof binary !== 'string') return { missing: 'the electron package did not give a path' };
    return existsSync(binary) ? { path: binary } : { missing: `${binary} does not exist` };
  } catch (err) {
    return { missing: err instanceof Error ? err.message : String(err) };
  }
}

/** Builds the window and the shell into dist/ when they are not there yet (npm start does the same). */
function ensureBuilt(): void {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const builds: [string, string[]][] = [
    [path.join(repoRoot, 'dist', 'renderer', 'index.html'), ['build']],
    [path.join(repoRoot, 'dist', 'desktop', 'main.cjs'), ['build', '--mode', 'desktop']],
  ];
  for (const [output, args] of builds) {
    if (existsSync(output)) continue;
    const r = spawnSync(process.execPath, [vite, ...args], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, `vite ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  }
}

test('Electron: the app launches, its window shows the queue, and the tray exists', { timeout: 180_000 }, async (t) => {
  const electron = electronBinary();
  if ('missing' in electron) {
    t.skip(`Electron binary not installed (cannot be downloaded here): ${electron.missing}`);
    return;
  }
  ensureBuilt();
  const dataDir = makeTempDir('klaxon-electron-');
  t.after(() => removeDir(dataDir));

  const { _electron } = await import('playwright-core');
  const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  const app = await _electron.launch({
    executablePath: electron.path,
    args: [...(headless ? ['--ozone-platform=headless'] : []), repoRoot],
    env: { ...process.env, KLAXON_DATA_DIR: dataDir, KLAXON_PORT: '0', KLAXON_NOTIFIER: 'none', KLAXON_TEST: '1' },
    timeout: 60_000,
  });
  t.after(async () => {
    // Quit as the tray's Quit does, so the database closes; then make sure the process is gone.
    await app.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => {});
    await app.close().catch(() => {});
  });

  const page = await app.firstWindow({ timeout: 60_000 });
  assert.equal(new URL(page.url()).protocol, 'klaxon-app:', 'the window is the app\'s own files, not a dev server');
  assert.equal(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require), 'undefined', 'no Node in the page');

  // Through the page's own bridge: the desktop created a service on first run.
  const services = await page.evaluate(() => (window as unknown as { klaxon: { send(m: string): Promise<{ routingKey: string }[]> } }).klaxon.send('services.list'));
  const routingKey = services[0]?.routingKey;
  assert.ok(routingKey, 'a service to send events to');

  const smoke = await pollUntil(() => app.evaluate(() => {
    const s = (globalThis as { klaxonSmokeTest?: { baseUrl: string; tray: { isDestroyed(): boolean } } }).klaxonSmokeTest;
    return s ? { baseUrl: s.baseUrl, trayAlive: !s.tray.isDestroyed() } : undefined;
  }), { message: 'the main process made its tray', timeoutMs: 30_000 });
  assert.equal(smoke.trayAlive, true, 'the tray exists');

  const posted = await fetchJson(smoke.baseUrl, '/v2/enqueue', {
    body: { routing_key: routingKey, event_action: 'trigger', dedup_key: 'smoke', payload: { summary: 'Smoke test: database down', source: 'smoke', severity: 'critical' } },
  });
  assert.equal(posted.status, 202, posted.text);
  await page.getByRole('list', { name: 'Incident queue' }).getByRole('listitem', { name: 'Smoke test: database down' }).waitFor({ timeout: 30_000 });
});
