// A Prometheus-family binary (prometheus, prometheus-alertmanager) started for a test on a free 127.0.0.1 port, in a
// temp dir of its own: its output kept (the tail, for failure messages), ready once `/-/ready` answers, and stopped
// with SIGTERM (SIGKILL after 5 s) and its dir removed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './alertmanager.ts';

export interface ReadyDaemon { url: string; port: number; child: ChildProcess; log(): string; stop(): Promise<void> }

export async function startReadyDaemon(opts: {
  name: string;
  bin: string;
  /** Files to write into the dir before it starts, and its arguments. */
  prepare(dir: string, port: number, url: string): string[];
  readyTimeoutMs: number;
  verbose?: boolean;
}): Promise<ReadyDaemon> {
  const dir = mkdtempSync(path.join(tmpdir(), `klaxon-${opts.name}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(opts.bin, opts.prepare(dir, port, url), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    if (opts.verbose) process.stderr.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + opts.readyTimeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${opts.name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
      }
      try {
        const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) break;
      } catch { /* not listening yet */ }
      if (Date.now() >= deadline) throw new Error(`${opts.name} not ready after ${opts.readyTimeoutMs} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, child, log: () => output, stop };
}
