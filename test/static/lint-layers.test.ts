// The lint, with the layer rules of ARCHITECTURE.md (VS Code style): src-shared is pure, only src-main/desktop
// imports Electron, the engine and store never import the HTTP layer, the pager, sync or desktop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import { ROOT } from '../support/cli.ts';

test('the lint (layer rules included) passes over the tree', async () => {
  const eslint = new ESLint({ cwd: ROOT });
  const results = await eslint.lintFiles(['src-shared', 'src-main', 'src-renderer', 'test', 'bench']);
  const errors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${r.filePath}:${m.line} ${m.ruleId}: ${m.message}`));
  assert.deepEqual(errors, []);
});

test('the layer rule really bites: Node in src-shared and Electron outside desktop are errors', async () => {
  const eslint = new ESLint({ cwd: ROOT });
  const [shared] = await eslint.lintText("import fs from 'node:fs';\nexport const x = fs;\n", { filePath: `${ROOT}/src-shared/probe.ts` });
  assert.ok(shared!.messages.some((m) => m.ruleId === 'no-restricted-imports'), 'node:fs in src-shared must be refused');
  const [engine] = await eslint.lintText("import { createReceiver } from '../http/server.ts';\nexport const x = createReceiver;\n", { filePath: `${ROOT}/src-main/engine/probe.ts` });
  assert.ok(engine!.messages.some((m) => m.ruleId === 'no-restricted-imports'), 'engine → http must be refused');
  const [http] = await eslint.lintText("import { app } from 'electron';\nexport const x = app;\n", { filePath: `${ROOT}/src-main/http/probe.ts` });
  assert.ok(http!.messages.some((m) => m.ruleId === 'no-restricted-imports'), 'electron outside desktop must be refused');
  const [desktop] = await eslint.lintText("import { app } from 'electron';\nexport const x = app;\n", { filePath: `${ROOT}/src-main/desktop/probe.ts` });
  assert.ok(!desktop!.messages.some((m) => m.ruleId === 'no-restricted-imports'), 'desktop may import electron');
});
