// The data dir holds credentials (routing keys, key hashes, the device key, browser sessions), so it is the user's
// alone whatever the umask: real `klaxon init` and `klaxon serve` processes started under umask 000 leave the dir
// 0700 and every file in it 0600, also when the dir (or an older Klaxon's database) was already there with looser
// modes, which they fix and say so. A dir that belongs to another user is refused, with nothing written into it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { HEADLESS_ENTRY, REPO_ROOT, makeDataDir, removeDataDir, parseListeningLine, eventually } from './support/klaxon-process.ts';
import { fetchJson } from '../support/server.ts';

const modeOf = (p: string) => statSync(p).mode & 0o777;
const octal = (m: number) => `0${m.toString(8)}`;

/** `node src-main/headless.ts ARGS` under `umask 000`, so that only Klaxon's own care makes its files private. */
function underUmask000(args: string[]) {
  const child = spawn('/bin/sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, HEADLESS_ENTRY, ...args], {
    cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function run(args: string[]): Promise<{ code: number | null; output: string }> {
  const p = underUmask000(args);
  const code = await p.exited;
  return { code, output: p.output() };
}

/** Every file under `dir` with its mode, e.g. `{ 'klaxon.db': '0600' }`; the dir itself as `.`. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = { '.': octal(modeOf(dir)) };
  for (const name of readdirSync(dir, { recursive: true }) as string[]) out[name] = octal(modeOf(path.join(dir, name)));
  return out;
}

const allPrivate = (m: Record<string, string>) => Object.entries(m).every(([name, mode]) => mode === (name === '.' ? '0700' : '0600'));

test('under umask 000, init and serve keep a new data dir 0700 and the database, WAL, SHM and port file 0600', async (t) => {
  const parent = makeDataDir('klaxon-perm-');
  t.after(() => removeDataDir(parent));
  const dataDir = path.join(parent, 'fresh', 'Klaxon');

  const init = await run(['init', '--data-dir', dataDir, '--json']);
  assert.equal(init.code, 0, init.output);
  const { routingKey } = JSON.parse(init.output.split('\n').find((l) => l.startsWith('{'))!) as { routingKey: string };
  assert.ok(allPrivate(modes(dataDir)), JSON.stringify(modes(dataDir)));
  assert.equal(modeOf(path.join(parent, 'fresh')), 0o700, 'a missing parent is made private too');

  const host = underUmask000(['serve', '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1', '--no-notify']);
  t.after(() => host.child.kill('SIGKILL'));
  const port = await eventually(() => parseListeningLine(host.output()) ?? undefined, { what: 'serve listening' });
  // A write makes SQLite create its -wal/-shm if it had not yet.
  const res = await fetchJson(`http://127.0.0.1:${port}`, '/v2/enqueue', {
    body: { routing_key: routingKey, event_action: 'trigger', payload: { summary: 'mode check', source: 'test', severity: 'info' } },
  });
  assert.equal(res.status, 202, res.text);
  const seen = modes(dataDir);
  for (const f of ['klaxon.db', 'klaxon.db-wal', 'klaxon.db-shm', 'runtime.json']) assert.ok(f in seen, `${f} exists: ${JSON.stringify(seen)}`);
  assert.ok(allPrivate(seen), JSON.stringify(seen));
  assert.doesNotMatch(host.output(), /readable by others/, 'nothing needed fixing on a dir Klaxon made');
  host.child.kill('SIGTERM');
  assert.equal(await host.exited, 0, host.output());
});

test('a data dir made 0755 before init, and an older database left 0644, are made private and the fix is logged', async (t) => {
  const dataDir = makeDataDir('klaxon-perm-');
  t.after(() => removeDataDir(dataDir));
  chmodSync(dataDir, 0o755);

  const init = await run(['init', '--data-dir', dataDir]);
  assert.equal(init.code, 0, init.output);
  assert.match(init.output, new RegExp(`${dataDir} was 0755, readable by others: made it 0700`));
  assert.ok(allPrivate(modes(dataDir)), JSON.stringify(modes(dataDir)));

  // As an older Klaxon would have left them under umask 022 (the WAL kept by a host that was killed).
  const host = underUmask000(['serve', '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1', '--no-notify']);
  await eventually(() => parseListeningLine(host.output()) ?? undefined, { what: 'serve listening' });
  // A write while the host holds the database open stays in the WAL (nothing checkpoints it before the kill).
  assert.equal((await run(['services', 'create', '--name', 'Payments', '--data-dir', dataDir])).code, 0);
  host.child.kill('SIGKILL');
  await host.exited;
  chmodSync(dataDir, 0o755);
  for (const f of readdirSync(dataDir)) chmodSync(path.join(dataDir, f), 0o644);
  assert.ok(readdirSync(dataDir).includes('klaxon.db-wal'), 'a killed host leaves its WAL behind');

  const again = await run(['services', 'list', '--data-dir', dataDir]);
  assert.equal(again.code, 0, again.output);
  for (const f of ['', 'klaxon.db', 'klaxon.db-wal']) {
    const target = f ? path.join(dataDir, f) : dataDir;
    assert.match(again.output, new RegExp(`${target} was 0(755|644), readable by others: made it 0(700|600)`), again.output);
  }
  const fixedModes = modes(dataDir);
  delete fixedModes['runtime.json']; // the killed host's stale port file is not the CLI's to touch; serve rewrites it
  assert.ok(allPrivate(fixedModes), JSON.stringify(modes(dataDir)));
});

test("a data dir that belongs to another user is refused with a clear message, and nothing is written into it", async (t) => {
  // As root: a dir given to nobody. As anyone else: `/`, which is root's.
  const parent = makeDataDir('klaxon-perm-');
  t.after(() => removeDataDir(parent));
  let dataDir = path.join(parent, 'theirs');
  mkdirSync(dataDir, { mode: 0o755 });
  if (process.getuid?.() === 0) chownSync(dataDir, 65534, 65534);
  else dataDir = '/';
  const owner = statSync(dataDir).uid;

  const init = await run(['init', '--data-dir', dataDir]);
  assert.equal(init.code, 1, init.output);
  assert.match(init.output, new RegExp(`${dataDir.replaceAll('/', '\\/')} belongs to another user \\(uid ${owner}; Klaxon runs as uid ${process.getuid?.()}\\)`));
  assert.match(init.output, /Use a data dir of your own/);
  if (dataDir !== '/') {
    assert.deepEqual(readdirSync(dataDir), []);
    assert.equal(modeOf(dataDir), 0o755, 'its mode is left as its owner set it');
  }
});
