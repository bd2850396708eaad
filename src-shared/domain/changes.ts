// Changes (PagerDuty Change Events: a deploy, a config push) as a fold of their one op, and the two rules about them:
// when a change happened, and which changes may explain an incident. A change never pages.
import type { Op } from './ops.ts';
import { compareOps, parseKnownOp } from './ops.ts';
import { hlcToIso } from './hlc.ts';
import type { JsonObject } from '../schemas/common.ts';

export interface ChangeState {
  id: string;
  serviceId: string;
  summary: string;
  source: string | null;
  /** The sender's timestamp, as sent. */
  timestamp: string | null;
  /** When it happened, as an instant (see `changeInstant`). */
  happenedAt: string;
  customDetails: unknown;
  extra: JsonObject | null;
  receivedAt: string;
  by: string;
  lastHlc: string;
}

/** A change is recorded once; should two ops name one change, the first (by HLC) is the change. */
export function foldChange(ops: readonly Op[]): ChangeState | null {
  for (const op of [...ops].sort(compareOps)) {
    const known = parseKnownOp(op);
    if (known?.type !== 'change.recorded') continue;
    const d = known.data;
    return {
      id: op.entity, serviceId: d.serviceId, summary: d.summary, source: d.source, timestamp: d.timestamp,
      happenedAt: d.happenedAt, customDetails: d.customDetails, extra: d.extra, receivedAt: hlcToIso(op.hlc), by: d.by,
      lastHlc: op.hlc,
    };
  }
  return null;
}

/** `2024-01-15T10:30:00`, with optional seconds, fraction (any digits) and zone (`Z`, `+01:00`, `+0100`, `+01`). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * The instant a sender's timestamp names, or null if it names none. A timestamp without a zone (Netdata sends
 * `2024-01-15T10:30:00.000`) is read as UTC, as PagerDuty reads it, so every device places the change alike.
 */
export function parseChangeTimestamp(text: string): number | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((v) => Number(v ?? '0')) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0'));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  let t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // 31 February is no date (Date.UTC would roll it into March).
  if (new Date(t).getUTCDate() !== d) return null;
  const zone = (m[8] ?? 'Z').toUpperCase();
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    t -= (zone.startsWith('-') ? -1 : 1) * offsetMin * 60_000;
  }
  return t;
}

/** When a change happened: the instant its timestamp names, else when it arrived. */
export function changeInstant(timestamp: string | null | undefined, receivedMs: number): string {
  const t = timestamp ? parseChangeTimestamp(timestamp) : null;
  return new Date(t ?? receivedMs).toISOString();
}

/** How long before an incident a change may have caused it ("deployed 10 minutes before this incident"). */
export const RECENT_CHANGE_WINDOW_MS = 60 * 60_000;

/** The span of changes shown next to an incident created at `createdAt`: the hour before it, up to its creation. */
export function recentChangeSpan(createdAt: string): { from: string; to: string } {
  const created = Date.parse(createdAt);
  return { from: new Date(created - RECENT_CHANGE_WINDOW_MS).toISOString(), to: createdAt };
}
