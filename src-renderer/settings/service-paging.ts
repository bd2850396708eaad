// A service's paging settings as their form holds them (strings as typed; empty means off), to and from what
// `services.update` takes (only the settings changed since the form was loaded), and the one line that sums them up
// beside the service's name.
import type { Service } from '../../src-shared/schemas/admin.ts';
import type { EscalationPolicy, ServicePaging, SupportHours } from '../../src-shared/schemas/oncall.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { editPatch } from '../oncall/changed-fields.ts';

export interface PagingDraft {
  policyId: string;
  ackTimeout: string;
  autoResolve: string;
  supportHours: boolean;
  timeZone: string;
  days: number[];
  start: string;
  end: string;
}

export const WEEKDAYS = [1, 2, 3, 4, 5];
export const DAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const MAX_ACK = 7 * 24 * 60;
const MAX_AUTO_RESOLVE = 30 * 24 * 60;

export function pagingDraft(s: ServicePaging, localZone: string): PagingDraft {
  const h = s.supportHours;
  return {
    policyId: s.escalationPolicyId ?? '',
    ackTimeout: s.ackTimeoutMinutes === null ? '' : String(s.ackTimeoutMinutes),
    autoResolve: s.autoResolveMinutes === null ? '' : String(s.autoResolveMinutes),
    supportHours: h !== null,
    timeZone: h?.timeZone ?? localZone,
    days: h ? [...h.days] : WEEKDAYS,
    start: h?.start ?? '09:00',
    end: h?.end ?? '17:00',
  };
}

function minutes(value: string, label: string, max: number): number | null | string {
  if (value.trim() === '') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) return `${label}: a whole number of minutes from 1 to ${max}, or empty for none`;
  return n;
}

/** The four settings as the form says them, or the first thing a person must fix, worded for them. */
export function pagingInput(d: PagingDraft): { input: ServicePaging } | { error: string } {
  const ack = minutes(d.ackTimeout, 'Acknowledgement timeout', MAX_ACK);
  if (typeof ack === 'string') return { error: ack };
  const resolve = minutes(d.autoResolve, 'Auto-resolve', MAX_AUTO_RESOLVE);
  if (typeof resolve === 'string') return { error: resolve };
  let supportHours: SupportHours | null = null;
  if (d.supportHours) {
    if (d.days.length === 0) return { error: 'Support hours: tick at least one day' };
    if (!/^\d{2}:\d{2}$/.test(d.start) || !/^\d{2}:\d{2}$/.test(d.end)) return { error: 'Support hours: enter when they start and end' };
    supportHours = { timeZone: d.timeZone, days: [...d.days].sort((a, b) => a - b), start: d.start, end: d.end };
  }
  return { input: { escalationPolicyId: d.policyId === '' ? null : d.policyId, ackTimeoutMinutes: ack, autoResolveMinutes: resolve, supportHours } };
}

/** What `services.update` takes: only the settings changed against the draft the form was loaded with (changed-fields.ts). */
export const pagingPatch = (loaded: PagingDraft, edited: PagingDraft): { patch: Partial<ServicePaging> } | { error: string } =>
  editPatch(pagingInput(loaded), pagingInput(edited));

/** "policy Default · ack timeout 30 min · support hours Mon–Fri 09:00–17:00 (Europe/Berlin)", or that every device pages. */
export function pagingSummary(s: Service, policies: readonly EscalationPolicy[] | null): string {
  const parts: string[] = [];
  if (s.escalationPolicyId) {
    const p = policies?.find((x) => x.id === s.escalationPolicyId);
    parts.push(`policy ${p ? displayText(p.name) : s.escalationPolicyId}`);
  } else {
    parts.push('no policy: every device pages');
  }
  if (s.ackTimeoutMinutes !== null) parts.push(`ack timeout ${s.ackTimeoutMinutes} min`);
  if (s.autoResolveMinutes !== null) parts.push(`auto-resolve after ${s.autoResolveMinutes} min`);
  const h = s.supportHours;
  if (h) parts.push(`support hours ${daysText(h.days)} ${h.start}–${h.end} (${h.timeZone})`);
  return parts.join(' · ');
}

/** "Mon–Fri", "Sat, Sun", "Mon, Wed–Fri". */
export function daysText(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const first = DAY_SHORT[sorted[i]! - 1]!;
    runs.push(j - i >= 2 ? `${first}–${DAY_SHORT[sorted[j]! - 1]}` : sorted.slice(i, j + 1).map((d) => DAY_SHORT[d - 1]).join(', '));
    i = j;
  }
  return runs.join(', ');
}
