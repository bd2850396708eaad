// `npm start` where Electron's binary is missing: it says so and points to `klaxon serve` + `klaxon open`, and
// exits non-zero. The binary is made missing with Electron's own ELECTRON_OVERRIDE_DIST_PATH, so this holds on
// machines that do have Electron too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './support/build-desktop.ts';
import { tempDir } from '../support/temp-dir.ts';

test('without an Electron binary, npm start explains and points to klaxon serve + klaxon open', (t) => {
  const empty = tempDir(t, 'klaxon-no-electron-');
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'start-electron.mjs')], {
    cwd: repoRoot, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
  });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /Electron's binary is not installed/);
  assert.match(r.stderr, /klaxon serve/);
  assert.match(r.stderr, /klaxon open/);
  assert.doesNotMatch(r.stderr, /building/, 'it does not build what it cannot run');
});
