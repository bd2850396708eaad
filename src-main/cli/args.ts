// Shared CLI options: where the data lives and where to listen, from flags or the environment.
import { defaultDataDir } from '../data-dir.ts';

export const commonOptions = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const dataDirFrom = (flag: string | undefined): string => flag ?? defaultDataDir();

export function portFrom(flag: string | undefined, env: Record<string, string | undefined> = process.env, name = '--port'): number | undefined {
  const raw = flag ?? env.KLAXON_PORT;
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${name} must be a whole number from 0 to 65535, not "${raw}"`);
  return n;
}

export class UsageError extends Error {}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30m`, `24h`, `7d` in milliseconds (never zero); `flag` names the option in the refusal. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+)([mhd])$/.exec(text);
  if (!m || Number(m[1]) === 0) throw new UsageError(`${flag} takes a duration like 30m, 24h or 7d, not "${text}"`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}
