// A TCP port check: up when a connection opens within the timeout, closed at once (nothing is sent).
import net, { type LookupFunction } from 'node:net';
import type { z } from 'zod';
import type { TcpConfig } from '../../src-shared/schemas/monitors.ts';
import { errorReport, type CheckReport } from './check-report.ts';

/** `lookup`: resolves the host name (default: the system's); tests inject a resolver's failures with it. */
export async function tcpCheck(cfg: Pick<z.output<typeof TcpConfig>, 'host' | 'port' | 'timeoutSeconds'>, stop?: AbortSignal, lookup?: LookupFunction): Promise<CheckReport> {
  const timeoutMs = cfg.timeoutSeconds * 1000;
  const where = { host: cfg.host, port: cfg.port };
  const started = performance.now();
  const signal = stop ? AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]) : AbortSignal.timeout(timeoutMs);
  try {
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: cfg.host, port: cfg.port, signal, ...(lookup ? { lookup } : {}) });
      socket.once('connect', () => { socket.destroy(); resolve(); });
      socket.once('error', (e) => { socket.destroy(); reject(e); });
    });
  } catch (e) {
    return errorReport(e, started, performance.now(), timeoutMs, where, signal.aborted);
  }
  const responseMs = Math.round(performance.now() - started);
  return { outcome: 'up', responseMs, message: `connected in ${responseMs} ms`, details: { ...where, responseMs } };
}
