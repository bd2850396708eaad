// `klaxon monitors private-targets [on|off]`: turns on this device's monitors.allowPrivateTargets setting (what the
// check runner reads before running a teammate's monitor against a private address), says where it stands, and
// refuses anything but on or off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { klaxon } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { createEngine } from '../../src-main/engine/engine.ts';
import { systemClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';

test('klaxon monitors private-targets shows, turns on and off the setting', async (t) => {
  const dir = tempDir(t);
  assert.equal((await klaxon(['init', '--data-dir', dir, '--json'])).code, 0);
  const run = (...args: string[]) => klaxon(['monitors', 'private-targets', ...args, '--data-dir', dir]);
  assert.match((await run()).stdout, /^Private targets: off/);
  const on = await run('on');
  assert.equal(on.code, 0, on.stderr);
  assert.match(on.stdout, /^Private targets: on/);
  assert.deepEqual(JSON.parse((await run('--json')).stdout), { allowPrivateTargets: true });
  const engine = createEngine({ dataDir: dir, clock: systemClock, log: silentLogger });
  try { assert.equal(engine.getSettings().monitors.allowPrivateTargets, true, 'stored in this device\'s settings'); } finally { await engine.close(); }
  const bad = await run('maybe');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /takes on or off/);
  assert.match((await run('off')).stdout, /^Private targets: off/);
});
