// Plain Vite, two builds:
//   `vite build`                 → the window (src-renderer) into dist/renderer, served by `klaxon serve` at / and
//                                  loaded from the app's files by Electron;
//   `vite build --mode desktop`  → the thin Electron shell (src-main/desktop main + preload) into dist/desktop.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { builtinModules } from 'node:module';

const nodeExternals = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default defineConfig(({ mode }) => {
  if (mode === 'desktop') {
    return {
      build: {
        outDir: 'dist/desktop',
        emptyOutDir: true,
        ssr: true,
        target: 'node22',
        rollupOptions: {
          input: { main: 'src-main/desktop/main.ts', preload: 'src-main/desktop/preload.ts' },
          external: ['electron', 'better-sqlite3', 'dbus-next', 'node-notifier', 'electron-store', ...nodeExternals],
          output: { format: 'cjs', entryFileNames: '[name].cjs' },
        },
      },
    };
  }
  return {
    root: 'src-renderer',
    base: './',
    plugins: [react()],
    build: { outDir: '../dist/renderer', emptyOutDir: true, target: 'es2022' },
  };
});
