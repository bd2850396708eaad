// Every layer type-checks under one strict config — including the Electron shell, whose binary cannot run here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../support/cli.ts';

test('the whole project type-checks (strict), Electron code included', () => {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
  } catch (e) {
    const out = e as { stdout?: Buffer; stderr?: Buffer };
    assert.fail(`tsc reported errors:\n${out.stdout?.toString() ?? ''}${out.stderr?.toString() ?? ''}`);
  }
});
