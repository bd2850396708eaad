// The window must be built before a browser can load it. Provisioning builds it; a developer who changed
// src-renderer since gets a rebuild here, so a test never runs against a stale bundle.
import { execFileSync } from 'node:child_process';
import { existsSync, globSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RENDERER_DIR = path.join(root, 'dist', 'renderer');

function newestSource(): number {
  const files = globSync(['src-renderer/**/*', 'src-shared/**/*.ts', 'vite.config.ts'], { cwd: root });
  return Math.max(...files.map((f) => statSync(path.join(root, f)).mtimeMs));
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function ensureRendererBuilt(): string {
  const index = path.join(RENDERER_DIR, 'index.html');
  const fresh = () => existsSync(index) && statSync(index).mtimeMs >= newestSource();
  if (fresh()) return RENDERER_DIR;
  // Test files run two at a time: one builds, the other waits for it (vite empties the output dir first).
  const lock = path.join(root, 'dist', '.renderer-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 240_000;
  for (;;) {
    try { mkdirSync(lock); break; } catch { /* held by another test process */ }
    if (Date.now() > deadline) throw new Error(`renderer build lock ${lock} held too long (remove it if no build runs)`);
    sleepSync(200);
  }
  try {
    if (!fresh()) {
      execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
        cwd: root, stdio: ['ignore', 'ignore', 'inherit'], timeout: 180_000,
      });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return RENDERER_DIR;
}
