// Runs one local action's command: spawned without a shell (argv as given) unless the action asks for one, the
// event's JSON on stdin, stdout and stderr kept to their first 16 KB each, and a timeout: SIGTERM, then SIGKILL two
// seconds later if it is still there. Never throws: a program not found is an outcome like a non-zero exit.
import { spawn } from 'node:child_process';

export const OUTPUT_BYTES = 16 * 1024;
const KILL_AFTER_MS = 2_000;

export interface CommandOutcome {
  exitCode: number | null; signal: string | null; timedOut: boolean; error: string | null; stdout: string; stderr: string; durationMs: number;
}

export interface CommandSpec {
  command: string[];
  shell: boolean;
  stdin: string;
  timeoutMs: number;
  /** Added to this process's environment (KLAXON_EVENT, KLAXON_INCIDENT_ID). */
  env: Record<string, string>;
  /** Klaxon is stopping: the command is stopped as at its timeout (a stop must not wait minutes for it). */
  signal?: AbortSignal;
}

class Capped {
  private chunks: Buffer[] = [];
  private size = 0;
  add(b: Buffer): void {
    if (this.size >= OUTPUT_BYTES) return;
    this.chunks.push(b.subarray(0, OUTPUT_BYTES - this.size));
    this.size += Math.min(b.length, OUTPUT_BYTES - this.size);
  }
  text(): string { return Buffer.concat(this.chunks).toString('utf8'); }
}

export function runCommand(spec: CommandSpec): Promise<CommandOutcome> {
  const started = performance.now();
  const out = new Capped();
  const err = new Capped();
  return new Promise((resolve) => {
    const [file, ...args] = spec.command as [string, ...string[]];
    // A shell line is one string; Node runs it with /bin/sh -c (cmd.exe /d /s /c on Windows).
    // Its own process group (POSIX), so the timeout stops what it started too (a shell's `sleep`), and its output
    // pipes close.
    const group = process.platform !== 'win32';
    const child = spawn(file, spec.shell ? [] : args, {
      shell: spec.shell, env: { ...process.env, ...spec.env }, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, detached: group,
    });
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch { /* already gone */ }
    };
    let timedOut = false;
    let spawnError: string | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    let stopped = false;
    const stop = () => {
      kill('SIGTERM');
      killTimer ??= setTimeout(() => kill('SIGKILL'), KILL_AFTER_MS);
    };
    const termTimer = setTimeout(() => { timedOut = true; stop(); }, spec.timeoutMs);
    const onAbort = () => { stopped = true; stop(); };
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => out.add(b));
    child.stderr.on('data', (b: Buffer) => err.add(b));
    // A command that does not read its stdin closes it early (EPIPE): that is its business, not a failure.
    child.stdin.on('error', () => {});
    child.stdin.end(spec.stdin);
    child.on('error', (e: NodeJS.ErrnoException) => { spawnError = e.code === 'ENOENT' ? `${file}: no such program` : e.message; });
    child.on('close', (code, signal) => {
      clearTimeout(termTimer);
      clearTimeout(killTimer);
      spec.signal?.removeEventListener('abort', onAbort);
      const why = timedOut ? `did not finish within ${Math.round(spec.timeoutMs / 1000)} s` : stopped ? 'Klaxon stopped while it ran' : null;
      resolve({
        exitCode: code, signal, timedOut,
        error: spawnError ?? (why ? `${why}: stopped with ${signal ?? 'SIGTERM'}` : null),
        stdout: out.text(), stderr: err.text(), durationMs: Math.round(performance.now() - started),
      });
    });
  });
}
