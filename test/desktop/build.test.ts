// `vite build --mode desktop` produces the Electron shell: main.cjs (one CommonJS file; dependencies stay in
// node_modules) and preload.cjs (self-contained: a sandboxed preload can require nothing but 'electron'). The
// built preload is then run in a VM against a fake `electron` to check what the page really gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { EventEmitter } from 'node:events';
import { buildDesktop, repoRoot } from './support/build-desktop.ts';

const requiresOf = (code: string) => [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);

/** Loads the built preload as Electron's sandboxed preload would, and returns what it exposed and the fake ipcRenderer. */
function runPreload(code: string) {
  const exposed = new Map<string, unknown>();
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invocations: [] as unknown[][],
    reply: undefined as unknown,
    async invoke(...args: unknown[]) { ipcRenderer.invocations.push(args); return ipcRenderer.reply; },
    send() { throw new Error('the preload must not use ipcRenderer.send'); },
    sendSync() { throw new Error('the preload must not use ipcRenderer.sendSync'); },
  });
  const electron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) }, ipcRenderer };
  const requireInSandbox = (name: string) => {
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  const module = { exports: {} };
  vm.runInNewContext(code, { require: requireInSandbox, module, exports: module.exports, queueMicrotask, console }, { filename: 'preload.cjs' });
  return { exposed, ipcRenderer };
}

test('vite build --mode desktop writes main.cjs and a self-contained preload.cjs', async (t) => {
  const build = await buildDesktop(t);
  const main = readFileSync(build.mainPath, 'utf8');
  const preload = readFileSync(build.preloadPath, 'utf8');
  assert.ok(statSync(build.mainPath).size > 10_000, 'main.cjs holds the app');

  assert.deepEqual([...new Set(requiresOf(preload))], ['electron'], 'the preload requires only electron');
  assert.ok(preload.length < 20_000, `the preload carries no schemas or libraries (${preload.length} bytes)`);

  // main.cjs is one file: no chunks beside it, and no ESM-only syntax left in a CommonJS file.
  assert.deepEqual(requiresOf(main).filter((r) => r?.startsWith('.')), []);
  assert.doesNotMatch(main, /import\.meta/);
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  assert.match(main, new RegExp(`KLAXON_VERSION = "${pkg.version.replaceAll('.', '\\.')}"`), 'the version is inlined (package.json is not beside dist/desktop)');
});

test('the built preload exposes exactly send/subscribe/onNavigate as window.klaxon, never ipcRenderer', async (t) => {
  const build = await buildDesktop(t);
  const { exposed, ipcRenderer } = runPreload(readFileSync(build.preloadPath, 'utf8'));
  assert.deepEqual([...exposed.keys()], ['klaxon']);
  const api = exposed.get('klaxon') as Record<string, (...args: unknown[]) => unknown>;
  assert.deepEqual(Object.keys(api).sort(), ['onNavigate', 'send', 'subscribe']);
  for (const [name, value] of Object.entries(api)) {
    assert.equal(typeof value, 'function', name);
    assert.notEqual(value, ipcRenderer);
  }

  // send → one invoke on klaxon:invoke; the envelope is unwrapped; a refusal rejects with its message.
  ipcRenderer.reply = { ok: true, value: { incidents: [], total: 0, nextCursor: null } };
  assert.deepEqual(await api.send!('incidents.list', { limit: 5 }), { incidents: [], total: 0, nextCursor: null });
  // (JSON round trip: objects made inside the VM have the VM's prototypes.)
  assert.deepEqual(JSON.parse(JSON.stringify(ipcRenderer.invocations)), [['klaxon:invoke', { method: 'incidents.list', input: { limit: 5 } }]]);
  ipcRenderer.reply = { ok: false, error: { code: 'NOT_FOUND', message: 'Incident inc_x not found' } };
  await assert.rejects(api.send!('incidents.get', { id: 'inc_x' }) as Promise<unknown>, /Incident inc_x not found/);

  // subscribe hands the page the notice only — never the IPC event, whose `sender` is ipcRenderer itself.
  const received: unknown[][] = [];
  const unsubscribe = api.subscribe!((...args: unknown[]) => received.push(args)) as () => void;
  const notice = { incidents: [{ id: 'inc_1' }] };
  ipcRenderer.emit('klaxon:changes', { sender: ipcRenderer }, notice);
  assert.deepEqual(received, [[notice]]);
  unsubscribe();
  ipcRenderer.emit('klaxon:changes', { sender: ipcRenderer }, notice);
  assert.equal(received.length, 1, 'no delivery after unsubscribe');

  // A navigation that arrives before the page listens is kept for its first listener.
  ipcRenderer.emit('klaxon:navigate', { sender: ipcRenderer }, { incidentId: 'inc_early' });
  const navigations: unknown[][] = [];
  api.onNavigate!((...args: unknown[]) => navigations.push(args));
  await new Promise((r) => setImmediate(r));
  ipcRenderer.emit('klaxon:navigate', { sender: ipcRenderer }, { incidentId: 'inc_late' });
  assert.deepEqual(navigations, [[{ incidentId: 'inc_early' }], [{ incidentId: 'inc_late' }]]);
});
