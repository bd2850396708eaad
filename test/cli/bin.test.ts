// bin/klaxon.mjs (the `klaxon` of package.json) runs the compiled command when `npm run build` made it from the
// sources as they are, and the sources otherwise. Checked on a copy of bin/ in an app folder of the test's own,
// whose two entries only say which one ran, so file times can be set freely.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../integration/support/klaxon-process.ts';
import { tempDir } from '../support/temp-dir.ts';

const reportWhichRan = (which: string) => `console.log(JSON.stringify({ ran: '${which}', args: process.argv.slice(2) }));\n`;

/** An app folder with the real bin/, a source entry and other inputs, and (unless told) a build; all dated `at`. */
function appFolder(t: { after(fn: () => void): void }, opts: { built: boolean }) {
  const root = tempDir(t, 'klaxon-bin-');
  const files: Record<string, string> = {
    'package.json': '{"type":"module","version":"0.0.0"}',
    'vite.config.ts': '',
    'src-main/headless.ts': reportWhichRan('source'),
    'src-main/desktop/main.ts': '',
    'src-shared/domain/rule.ts': '',
    ...(opts.built ? { 'dist/headless/klaxon.mjs': reportWhichRan('compiled') } : {}),
  };
  const at = (rel: string, seconds: number) => utimesSync(path.join(root, rel), seconds, seconds);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
    at(rel, rel.startsWith('dist/') ? 2_000_000 : 1_000_000);
  }
  mkdirSync(path.join(root, 'bin'));
  for (const f of ['klaxon.mjs', 'choose-entry.mjs']) copyFileSync(path.join(REPO_ROOT, 'bin', f), path.join(root, 'bin', f));
  const run = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'klaxon.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, KLAXON_FROM_SOURCE: '', ...env } });
    assert.equal(r.status, 0, r.stderr);
    return { ...(JSON.parse(r.stdout) as { ran: string; args: string[] }), stderr: r.stderr };
  };
  return { run, touch: (rel: string) => at(rel, 3_000_000) };
}

test('without a build, the bin runs the sources, quietly', (t) => {
  const app = appFolder(t, { built: false });
  assert.deepEqual(app.run(['serve', '--port', '0']), { ran: 'source', args: ['serve', '--port', '0'], stderr: '' });
});

test('a build newer than every source runs, with the arguments as given', (t) => {
  const app = appFolder(t, { built: true });
  assert.deepEqual(app.run(['keys', 'list', '--json']), { ran: 'compiled', args: ['keys', 'list', '--json'], stderr: '' });
});

test('a source changed after the build runs the sources, and says which file and how to rebuild', (t) => {
  const app = appFolder(t, { built: true });
  app.touch('src-shared/domain/rule.ts');
  const r = app.run(['--version']);
  assert.equal(r.ran, 'source');
  assert.match(r.stderr, /src-shared\/domain\/rule\.ts changed after the last build.*npm run build/);
});

test('the Electron shell is not part of the headless build: changing it keeps the build current', (t) => {
  const app = appFolder(t, { built: true });
  app.touch('src-main/desktop/main.ts');
  assert.equal(app.run(['--version']).ran, 'compiled');
});

test('KLAXON_FROM_SOURCE=1 runs the sources even with a current build', (t) => {
  const app = appFolder(t, { built: true });
  assert.deepEqual(app.run(['--version'], { KLAXON_FROM_SOURCE: '1' }), { ran: 'source', args: ['--version'], stderr: '' });
});
