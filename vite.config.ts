// Plain Vite, three builds:
//   `vite build`                 → the window (src-renderer) into dist/renderer, served by `klaxon serve` at / and
//                                  loaded from the app's files by Electron, with the browser's sign-in page beside it;
//   `vite build --mode desktop`  → the thin Electron shell (src-main/desktop main + preload) into dist/desktop;
//   `vite build --mode headless` → the `klaxon` command (src-main/headless.ts) as plain JavaScript into dist/headless,
//                                  which bin/klaxon.mjs runs instead of stripping types from the sources at every start.
import { build, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const nodeExternals = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// ── desktop ──
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string; dependencies: Record<string, string> };
// Tests build into a folder of their own (still inside the repo, so node_modules resolve) to not race each other.
const DESKTOP_OUT = process.env.KLAXON_DESKTOP_OUT ?? 'dist/desktop';
const HEADLESS_OUT = process.env.KLAXON_HEADLESS_OUT ?? 'dist/headless';
const ELECTRON_NODE = 'node22';
const HEADLESS_NODE = 'node24';
// The app's dependencies stay in node_modules: native (better-sqlite3), ESM-only and dynamically loaded ones load as
// they are, and a build needs no rebuild when a dependency is patched.
const dependencyExternals = [...Object.keys(pkg.dependencies), ...nodeExternals];
const BUNDLED_IN_HEADLESS = ['zod', 'kysely'];

/**
 * src-main/version.ts reads package.json relative to its own file; bundled into dist/desktop that relative path
 * would point at dist/, so the main bundle gets the version as a constant instead.
 */
const inlineVersion = (): Plugin => ({
  name: 'klaxon:inline-version',
  enforce: 'pre',
  load(id) {
    if (id.replaceAll('\\', '/').endsWith('/src-main/version.ts')) return `export const KLAXON_VERSION = ${JSON.stringify(pkg.version)};\n`;
    return null;
  },
});

/**
 * A sandboxed preload can `require` nothing but 'electron' (no relative chunks, no node_modules), so it is
 * bundled on its own, after main, with everything it uses inlined (only the channel names: it never validates;
 * main does).
 */
const preloadBuild = (): Plugin => ({
  name: 'klaxon:preload',
  apply: 'build',
  async closeBundle() {
    await build({
      configFile: false,
      logLevel: 'warn',
      ssr: { noExternal: true },
      build: {
        outDir: DESKTOP_OUT,
        emptyOutDir: false,
        ssr: 'src-main/desktop/preload.ts',
        target: ELECTRON_NODE,
        rollupOptions: {
          external: ['electron'],
          output: { format: 'cjs', entryFileNames: 'preload.cjs' },
        },
      },
    });
  },
});

export default defineConfig(({ mode }) => {
  if (mode === 'headless') {
    // ES modules, as the sources are: what the sources import lazily (each command's own modules, node-notifier)
    // stays lazy, as chunks of their own. zod and kysely are bundled: each is hundreds of small ES modules of which
    // Klaxon uses a part, and loading them whole cost the idle host about 10 MB of its RSS (npm run bench).
    return {
      plugins: [inlineVersion()],
      ssr: { noExternal: BUNDLED_IN_HEADLESS },
      build: {
        outDir: HEADLESS_OUT,
        emptyOutDir: true,
        ssr: 'src-main/headless.ts',
        target: HEADLESS_NODE,
        rollupOptions: {
          external: dependencyExternals.filter((d) => !BUNDLED_IN_HEADLESS.includes(d)),
          output: { format: 'es', entryFileNames: 'klaxon.mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
        },
      },
    };
  }
  if (mode === 'desktop') {
    // Electron's main process: our code bundled into one CommonJS file; the app's dependencies stay in
    // node_modules (packaged beside it), so native and ESM-only packages load as they are.
    return {
      plugins: [inlineVersion(), preloadBuild()],
      build: {
        outDir: DESKTOP_OUT,
        emptyOutDir: true,
        ssr: 'src-main/desktop/main.ts',
        target: ELECTRON_NODE,
        rollupOptions: {
          external: ['electron', ...dependencyExternals],
          // One file even where the code imports lazily (sync's certificate code): nothing is packaged beside it.
          output: { format: 'cjs', entryFileNames: 'main.cjs', inlineDynamicImports: true },
        },
      },
    };
  }
  return {
    root: 'src-renderer',
    base: './',
    plugins: [react()],
    build: {
      outDir: '../dist/renderer', emptyOutDir: true, target: 'es2022',
      rollupOptions: {
        input: {
          index: fileURLToPath(new URL('./src-renderer/index.html', import.meta.url)),
          'sign-in': fileURLToPath(new URL('./src-renderer/sign-in.html', import.meta.url)),
        },
        // What both pages share (the stylesheet, the tab-secret helper) is named for that, not for its first module.
        output: { chunkFileNames: 'assets/shared-[hash].js', assetFileNames: 'assets/app-[hash][extname]' },
      },
    },
  };
});
