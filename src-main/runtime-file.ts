// A running host writes where it listens into its data dir, so `klaxon open` (and other local tools) can find it.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from './private-files.ts';

/** `sync`: where the host listens for teammates (host:port), once the device is in a team. */
export interface RuntimeInfo { pid: number; baseUrl: string; startedAt: string; sync?: string | null }
const FILE = 'runtime.json';

export function writeRuntimeInfo(dataDir: string, info: RuntimeInfo): void {
  writePrivateFile(path.join(dataDir, FILE), JSON.stringify(info));
}

/** The running host's info, or null if none runs on this data dir (a stale file from a killed host is ignored). */
export function readRuntimeInfo(dataDir: string): RuntimeInfo | null {
  try {
    const info = JSON.parse(readFileSync(path.join(dataDir, FILE), 'utf8')) as RuntimeInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}

/**
 * Like readRuntimeInfo, but also asks the host: after a crash the pid may have been reused by another program, and
 * only a host that answers /healthz at its address really holds the data dir.
 */
export async function findRunningHost(dataDir: string): Promise<RuntimeInfo | null> {
  const info = readRuntimeInfo(dataDir);
  if (!info) return null;
  try {
    const res = await fetch(new URL('/healthz', info.baseUrl), { signal: AbortSignal.timeout(1500) });
    return res.ok ? info : null;
  } catch {
    return null;
  }
}

export function removeRuntimeInfo(dataDir: string): void {
  rmSync(path.join(dataDir, FILE), { force: true });
}
