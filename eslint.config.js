// One lint setup that also enforces the layers (the VS Code rule): each folder may import only what
// ARCHITECTURE.md's table allows. A violation is an error, so CI fails on it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'events', 'stream', 'util', 'url', 'worker_threads'];
const restrict = (message, group) => ({ group, message });
const electronOnly = restrict('Only src-main/desktop may import electron or electron-store.', ['electron', 'electron/*', 'electron-store']);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', '.tools/', 'test-results/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { patterns: [electronOnly] }],
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          restrict('src-shared is pure: no Node built-ins.', nodeBuiltins),
          electronOnly,
          restrict('src-shared imports nothing of the app.', ['**/src-main/**', '**/src-renderer/**', '../src-main/*', '../src-renderer/*', 'react', 'react-dom', 'zustand', 'fastify', 'better-sqlite3', 'kysely']),
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src-main/engine/**', 'src-main/store/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          electronOnly,
          restrict('The engine and store never import the HTTP layer, the pager, sync or desktop (no arrow runs upward).', ['**/http/**', '**/pager/**', '**/sync/**', '**/desktop/**', 'fastify', '@fastify/*']),
        ],
      }],
    },
  },
  {
    files: ['src-main/desktop/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          electronOnly,
          restrict('The renderer talks only to KlaxonApi: no Node built-ins.', nodeBuiltins),
          restrict('The renderer imports src-shared, never src-main.', ['**/src-main/**']),
        ],
      }],
    },
  },
);
