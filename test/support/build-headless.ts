// Runs the real `vite build --mode headless` (what `npm run build` does for the `klaxon` command) into a folder of
// its own under dist/ (inside the repo, so the bundle's imports of node_modules resolve as from dist/headless; the
// `.test-` prefix keeps it out of packaging), so tests and the benchmark never race each other or a developer's build.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface HeadlessBuild {
  outDir: string;
  /** The compiled `klaxon` command: run it as `node <entry> ARGS`. */
  entry: string;
  /** Removes the build. */
  remove(): void;
}

export async function buildHeadless(): Promise<HeadlessBuild> {
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  const outDir = mkdtempSync(path.join(root, 'dist', '.test-headless-'));
  const remove = () => rmSync(outDir, { recursive: true, force: true });
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--mode', 'headless', '--logLevel', 'warn'], {
    cwd: root,
    env: { ...process.env, KLAXON_HEADLESS_OUT: outDir, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) {
    remove();
    throw new Error(`vite build --mode headless exited ${code}:\n${output}`);
  }
  return { outDir, entry: path.join(outDir, 'klaxon.mjs'), remove };
}
