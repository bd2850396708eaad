// `klaxon actions` as a user runs it: add a command (argv after `--`, no shell), list it, test it (the test message
// arrives on its stdin; exit code and output printed), read its runs, disable and remove it; bad input exits 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { klaxon } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

test('actions add, list, test, runs, disable, remove', async (t) => {
  const dir = tempDir(t);
  const script = "let s = ''; process.stdin.on('data', (c) => s += c).on('end', () => { console.log('got ' + JSON.parse(s).type); process.exit(4); })";
  const added = await klaxon(['actions', 'add', '--data-dir', dir, '--name', 'Flash', '--event', 'triggered', '--event', 'acknowledged', '--timeout', '5', '--json', '--', process.execPath, '-e', script]);
  assert.equal(added.code, 0, added.stderr);
  const action = JSON.parse(added.stdout) as { id: string; command: string[]; events: string[]; timeoutSeconds: number; shell: boolean };
  assert.deepEqual([action.command, action.events, action.timeoutSeconds, action.shell], [[process.execPath, '-e', script], ['triggered', 'acknowledged'], 5, false]);

  const list = await klaxon(['actions', 'list', '--data-dir', dir]);
  assert.match(list.stdout, new RegExp(`${action.id}\\s+Flash\\s+triggered,acknowledged`));

  const tested = await klaxon(['actions', 'test', action.id, '--data-dir', dir]);
  assert.equal(tested.code, 0, tested.stderr);
  assert.match(tested.stdout, /^failed: exit 4, \d+ ms\nstdout:\ngot local_action.test\n$/);
  const runs = await klaxon(['actions', 'runs', action.id, '--data-dir', dir, '--json']);
  assert.deepEqual((JSON.parse(runs.stdout) as { state: string; exitCode: number }[]).map((r) => [r.state, r.exitCode]), [['failed', 4]]);

  assert.match((await klaxon(['actions', 'disable', action.id, '--data-dir', dir])).stdout, /disabled/);
  assert.match((await klaxon(['actions', 'list', '--data-dir', dir])).stdout, /\bno\b/);
  assert.equal((await klaxon(['actions', 'remove', action.id, '--data-dir', dir])).code, 0);
  assert.equal((await klaxon(['actions', 'list', '--data-dir', dir])).stdout.trim(), 'No local actions on this device.');
});

test('bad input exits 2 with the reason', async (t) => {
  const dir = tempDir(t);
  const noCommand = await klaxon(['actions', 'add', '--data-dir', dir, '--name', 'x', '--event', 'triggered']);
  assert.equal(noCommand.code, 2);
  assert.match(noCommand.stderr, /needs the command after `--`/);
  const badEvent = await klaxon(['actions', 'add', '--data-dir', dir, '--name', 'x', '--event', 'exploded', '--', 'true']);
  assert.equal(badEvent.code, 2);
  assert.match(badEvent.stderr, /events\.0/);
  const twoShell = await klaxon(['actions', 'add', '--data-dir', dir, '--name', 'x', '--event', 'triggered', '--shell', '--', 'echo', 'hi']);
  assert.equal(twoShell.code, 2);
  assert.match(twoShell.stderr, /one string/);
  assert.equal((await klaxon(['actions', 'test', 'act_nope', '--data-dir', dir])).code, 2);
});
