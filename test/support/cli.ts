// Runs the real `klaxon` command (src-main/headless.ts under this Node 24) as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HEADLESS = path.join(ROOT, 'src-main', 'headless.ts');

export interface CliResult { code: number | null; stdout: string; stderr: string }

export function klaxon(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HEADLESS, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface Served { child: ChildProcess; baseUrl: string; stdout: () => string; stderr: () => string; exited: Promise<number | null> }

/** Starts `klaxon serve` and resolves once it logs where it listens. */
export function serve(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HEADLESS, 'serve', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '', stderr = '';
    const exited = new Promise<number | null>((r) => child.on('close', r));
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`klaxon serve did not start in ${timeoutMs} ms:\n${stderr}`)); }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m) { clearTimeout(timer); resolve({ child, baseUrl: m[1]!, stdout: () => stdout, stderr: () => stderr, exited }); }
    });
    child.on('close', (code) => { clearTimeout(timer); reject(new Error(`klaxon serve exited (${code}) before listening:\n${stderr}`)); });
  });
}
