// The README's test command (`npm test`) lands here: every test file under test/ runs in Node's own test runner,
// printed with the spec reporter, and the run ends with the plain line CI reads: `N passed, N failed, N skipped`.
// Static checks (type-check, lint with the layer rules, Electronegativity) are test files too, so they count.
import { spawn } from 'node:child_process';
import { globSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv.slice(2);
const files = only.length > 0 ? only : globSync('test/**/*.test.{ts,tsx,mjs}', { cwd: root }).sort();

const args = [
  '--test',
  '--test-concurrency=2',
  '--test-timeout=240000',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=./test/support/summary-reporter.mjs', '--test-reporter-destination=stdout',
  ...files,
];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, KLAXON_TEST: '1' } });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
