// Runs the real `vite build --mode desktop` into a folder of the test's own (inside the repo, so the bundle's
// require()s of node_modules resolve as they do from dist/desktop), and removes it afterwards.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface DesktopBuild {
  outDir: string;
  mainPath: string;
  preloadPath: string;
  /** What vite printed (for failure messages). */
  output: string;
}

export async function buildDesktop(t: { after(fn: () => void): void }): Promise<DesktopBuild> {
  mkdirSync(path.join(repoRoot, 'dist'), { recursive: true });
  const outDir = mkdtempSync(path.join(repoRoot, 'dist', '.test-desktop-'));
  t.after(() => rmSync(outDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--mode', 'desktop'], {
    cwd: repoRoot,
    env: { ...process.env, KLAXON_DESKTOP_OUT: outDir, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`vite build --mode desktop exited ${code}:\n${output}`);
  return { outDir, mainPath: path.join(outDir, 'main.cjs'), preloadPath: path.join(outDir, 'preload.cjs'), output };
}
