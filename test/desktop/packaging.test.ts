// electron-builder.yml, read and validated by electron-builder's own loader and JSON schema (a misspelt option is an
// error there, as it would be in `npm run dist`), and checked for what Klaxon relies on: the fuses, the deep-link
// protocol, better-sqlite3 loading without a rebuild, and every file the main process opens at run time packed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './support/build-desktop.ts';
import { tempDir } from '../support/temp-dir.ts';

const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

interface BuilderConfig {
  appId: string; productName: string; files: (string | { filter: string[] })[]; asarUnpack: string[]; npmRebuild: boolean;
  protocols: { schemes: string[] }[]; electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string }; mac: { target: string[]; icon: string }; win: { target: string[]; icon: string };
  directories: { buildResources: string };
}

const load = (dir = repoRoot) => getConfig(dir, 'electron-builder.yml', null) as unknown as Promise<BuilderConfig>;

/** Whether electron-builder's `files` patterns (with `!` exclusions, in order) take this app-relative path. */
const packed = (files: BuilderConfig['files'], rel: string) => files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter)).reduce((taken, pattern) =>
  pattern.startsWith('!') ? (path.matchesGlob(rel, pattern.slice(1)) ? false : taken) : (taken || path.matchesGlob(rel, pattern)), false);

test('electron-builder accepts the configuration, and rejects a misspelt option (so acceptance means something)', async (t) => {
  const config = await load();
  await validateConfiguration(config, new DebugLogger(false));

  const dir = tempDir(t, 'klaxon-builder-');
  copyFileSync(path.join(repoRoot, 'package.json'), path.join(dir, 'package.json'));
  writeFileSync(path.join(dir, 'electron-builder.yml'), `${readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')}\nelectronFusez:\n  runAsNode: false\n`);
  await assert.rejects(async () => validateConfiguration(await load(dir), new DebugLogger(false)), /electronFusez/);
});

test('the packaged app is hardened with fuses and answers klaxon:// links', async () => {
  const config = await load();
  assert.equal(config.appId, 'dev.klaxon.desktop');
  assert.equal(config.productName, 'Klaxon', 'the product name gives the userData folder `klaxon serve` also uses');
  assert.deepEqual(
    Object.fromEntries(['runAsNode', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments', 'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'enableCookieEncryption'].map((k) => [k, config.electronFuses[k]])),
    { runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, enableCookieEncryption: true },
  );
  assert.deepEqual(config.protocols.flatMap((p) => p.schemes), ['klaxon']);
  assert.deepEqual([config.linux.target, config.mac.target, config.win.target], [['AppImage', 'deb'], ['dmg'], ['nsis']]);
});

test('better-sqlite3 loads without a rebuild: N-API prebuilds for every desktop OS, unpacked from the asar', async () => {
  const config = await load();
  assert.equal(config.npmRebuild, false);
  const prebuilds = readdirSync(path.join(repoRoot, 'node_modules', 'better-sqlite3', 'prebuilds'));
  for (const target of ['linux-x64.node', 'linux-arm64.node', 'darwin-arm64.node', 'darwin-x64.node', 'win32-x64.node']) {
    assert.ok(prebuilds.includes(target), `prebuild ${target}`);
    // An N-API addon registers through napi_register_module_v1; an addon tied to one Node/Electron ABI would
    // export node_register_module_v<ABI> instead and need a rebuild for Electron.
    const binary = readFileSync(path.join(repoRoot, 'node_modules', 'better-sqlite3', 'prebuilds', target));
    assert.ok(binary.includes('napi_register_module_v1'), `${target} is an N-API build`);
    assert.ok(!binary.includes('node_register_module_v'), `${target} is not tied to one ABI`);
    const rel = `node_modules/better-sqlite3/prebuilds/${target}`;
    assert.ok(config.asarUnpack.some((p) => path.matchesGlob(rel, p)), `${rel} is unpacked`);
    assert.ok(packed(config.files, rel), `${rel} is packed`);
  }
});

test('every file the main process opens at run time is packed, and icons exist where the config points', async () => {
  const config = await load();
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string };
  assert.equal(pkg.main, 'dist/desktop/main.cjs', 'package.json main is the desktop build');
  for (const rel of [pkg.main, 'dist/desktop/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/assets/index.js',
    'resources/tray/22/idle-dark.png', 'resources/tray/16/alertTemplate@2x.png', 'resources/icons/512x512.png', 'package.json']) {
    assert.ok(packed(config.files, rel), `${rel} is packed`);
  }
  assert.equal(packed(config.files, 'dist/.test-desktop-abc/main.cjs'), false, 'test builds are not packed');
  assert.equal(packed(config.files, 'dist/.test-renderer-abc/index.html'), false, 'test builds are not packed');
  assert.equal(packed(config.files, 'dist/.test-headless-abc/klaxon.mjs'), false, 'test and bench builds are not packed');
  for (const icon of [config.mac.icon, config.win.icon, config.linux.icon, path.join(config.directories.buildResources, 'icon.png')]) {
    assert.ok(existsSync(path.join(repoRoot, icon)), icon);
  }
});
