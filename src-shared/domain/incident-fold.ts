// The one place the incident lifecycle and its merge rules live. An incident's state is a pure fold of its ops in
// (hlc, id) order, so any two devices holding the same ops hold the same state, whatever order the ops came in.
//
// Merge rules (ARCHITECTURE.md "Sync"):
//   - the responder status moves forward within an episode: an op for an older episode, or any status op after
//     the episode resolved, changes nothing; re-opening starts the next episode (concurrent re-opens collapse);
//   - title, urgency, priority, severity, impact, assignee: last writer wins by HLC;
//   - alerts, notes and status updates are a grow-only set (the timeline keeps every op).
import type { IncidentOp, Op } from './ops.ts';
import { compareOps, parseKnownOp } from './ops.ts';
import { hlcToIso } from './hlc.ts';
import { quietUntil } from './lifecycle.ts';
import type {
  ResponderStatus, Progress, Urgency, Priority, Severity, Impact, JsonObject,
} from '../schemas/common.ts';
import type { TimelineEntry, TimelineKind } from '../schemas/incidents.ts';
import { truncationNote } from '../schemas/free-form.ts';

export interface IncidentState {
  id: string;
  serviceId: string;
  dedupKey: string | null;
  title: string;
  description: string | null;
  /** The stored responder status; `effectiveStatus` turns an expired snooze back into triggered. */
  status: ResponderStatus;
  progress: Progress;
  urgency: Urgency;
  priority: Priority | null;
  severity: Severity;
  impact: Impact | null;
  source: string | null;
  customDetails: unknown;
  extra: JsonObject | null;
  assigneeId: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  snoozedUntil: string | null;
  autoCreated: boolean;
  alertCount: number;
  episode: number;
  /**
   * The level escalation started this spell at (0: level 1); set by an escalation by hand, back to 0 whenever the
   * incident is triggered again. The level now is derived (domain/oncall/escalation.ts), never written by a timer.
   */
  escalationLevel: number;
  /**
   * When the current (or, while quiet, the last) triggered spell began: escalation counts its delays from here
   * (lifecycle.ts escalationAnchor). Set by the ops that begin a spell, and by the first op after a quiet spell ended
   * by the clock that acknowledges, snoozes or raises it (the spell the clock began is then written down).
   */
  triggeredAt: string;
  mergedInto: string | null;
  createdAt: string;
  updatedAt: string;
  lastEventAt: string;
  /** HLC of the last op folded in: an op with a greater HLC can be applied incrementally, any other means re-fold. */
  lastHlc: string;
}

export interface FoldStep {
  state: IncidentState | null;
  /** The timeline entry this op contributes (every known incident op contributes one). */
  entry: TimelineEntry | null;
}

const entry = (op: Op, kind: TimelineKind, actor: string | null, message: string, data: JsonObject = {}): TimelineEntry =>
  ({ id: op.id, at: hlcToIso(op.hlc), kind, actor, message, data });

const isOpen = (s: IncidentState) => s.status !== 'resolved';

/**
 * A quiet spell that ended by the clock before `at` began a triggered spell at its end, from level 1. An op that
 * acknowledges, snoozes or raises the incident after that records it in the anchor fields before it applies, so the
 * spell is not lost when the op overwrites `snoozedUntil` ("escalate now" and a raise count from where it began).
 */
function settleEndedQuiet(s: IncidentState, prev: IncidentState, at: string): void {
  const until = quietUntil(prev);
  if (until !== null && until <= at) Object.assign(s, { triggeredAt: until, escalationLevel: 0 });
}

/** Applies one op of any origin: validates it first (a peer's op may be of an unknown kind, or malformed). */
export function applyIncidentOp(prev: IncidentState | null, raw: Op): FoldStep {
  const op = parseKnownOp(raw);
  if (!op || !op.type.startsWith('incident.')) return { state: prev, entry: null };
  return applyValidIncidentOp(prev, op as IncidentOp);
}

/** Applies one already-validated op to the state. Pure. Ops must come in (hlc, id) order; `foldIncident` sorts them. */
export function applyValidIncidentOp(prev: IncidentState | null, op: IncidentOp): FoldStep {
  const at = hlcToIso(op.hlc);

  if (op.type === 'incident.triggered') {
    if (prev) return { state: prev, entry: null }; // an incident is created once; a second create is a no-op
    const d = op.data;
    const state: IncidentState = {
      id: op.entity, serviceId: d.serviceId, dedupKey: d.dedupKey, title: d.title, description: d.description,
      status: d.suppressed ? 'suppressed' : 'triggered', progress: d.progress ?? 'investigating',
      urgency: d.urgency, priority: d.priority, severity: d.severity, impact: d.impact, source: d.source,
      customDetails: d.customDetails, extra: d.extra, assigneeId: null,
      acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null,
      snoozedUntil: d.suppressed ? (d.suppressedUntil ?? null) : null,
      autoCreated: d.autoCreated, alertCount: 1, episode: 1, escalationLevel: 0, mergedInto: null,
      createdAt: at, updatedAt: at, lastEventAt: at, lastHlc: op.hlc, triggeredAt: at,
    };
    const kind = d.suppressed ? 'suppressed' : 'triggered';
    // A suppressed trigger says why when it knows (a maintenance window names itself in `message`).
    const said = d.suppressed ? `Suppressed${d.message ? ` (${d.message})` : ''}: ${d.title}` : `Triggered: ${d.title}`;
    const { note, truncated } = truncationNote(d);
    return { state, entry: entry(op, kind, d.by, `${said}${note}`,
      { severity: d.severity, source: d.source, dedupKey: d.dedupKey, ...(d.message ? { message: d.message } : {}), ...(truncated.length > 0 ? { truncated } : {}) }) };
  }
  if (!prev) return { state: null, entry: null }; // ops that arrived before their incident's creation wait for it

  const s: IncidentState = { ...prev, lastHlc: op.hlc > prev.lastHlc ? op.hlc : prev.lastHlc, updatedAt: at > prev.updatedAt ? at : prev.updatedAt };
  const sameEpisode = (e: number) => e === prev.episode && isOpen(prev);
  const noEffect = (kind: TimelineKind, actor: string, why: string): FoldStep =>
    ({ state: s, entry: entry(op, kind, actor, `${why}`, { ignored: true }) });

  switch (op.type) {
    case 'incident.alert_received': {
      const d = op.data;
      s.alertCount = prev.alertCount + 1;
      s.lastEventAt = at > prev.lastEventAt ? at : prev.lastEventAt;
      const { note, truncated } = truncationNote(d);
      return { state: s, entry: entry(op, 'alert', d.by, `Alert repeated: ${d.summary ?? prev.title}${note}`,
        { severity: d.severity, source: d.source, customDetails: (d.customDetails ?? null) as never, ...(truncated.length > 0 ? { truncated } : {}) }) };
    }
    case 'incident.acknowledged':
      if (!sameEpisode(op.data.episode)) return noEffect('acknowledged', op.data.by, 'Acknowledge had no effect');
      settleEndedQuiet(s, prev, at);
      // `until`: the service's acknowledgement timeout, fixed when acknowledged (the same on every device).
      Object.assign(s, { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: op.data.by, snoozedUntil: op.data.until ?? null });
      return { state: s, entry: entry(op, 'acknowledged', op.data.by, `Acknowledged by ${op.data.by}${op.data.until ? ` (until ${op.data.until}, then triggered again)` : ''}`,
        op.data.until ? { until: op.data.until } : {}) };
    case 'incident.unacknowledged':
      if (!sameEpisode(op.data.episode)) return noEffect('unacknowledged', op.data.by, 'Re-open had no effect');
      Object.assign(s, { status: 'triggered', acknowledgedAt: null, acknowledgedBy: null, snoozedUntil: null, triggeredAt: at, escalationLevel: 0 });
      return { state: s, entry: entry(op, 'unacknowledged', op.data.by, `Back to triggered by ${op.data.by}`) };
    case 'incident.snoozed':
      if (!sameEpisode(op.data.episode)) return noEffect('snoozed', op.data.by, 'Snooze had no effect');
      settleEndedQuiet(s, prev, at);
      Object.assign(s, { status: 'snoozed', snoozedUntil: op.data.until });
      return { state: s, entry: entry(op, 'snoozed', op.data.by, `Snoozed until ${op.data.until} by ${op.data.by}`, { until: op.data.until }) };
    case 'incident.resolved':
      if (!sameEpisode(op.data.episode)) return noEffect('resolved', op.data.by, 'Resolve had no effect');
      Object.assign(s, { status: 'resolved', resolvedAt: at, resolvedBy: op.data.by, snoozedUntil: null });
      return { state: s, entry: entry(op, 'resolved', op.data.by, `Resolved by ${op.data.by}`) };
    case 'incident.unsuppressed':
      if (!sameEpisode(op.data.episode) || prev.status !== 'suppressed') return noEffect('triggered', op.data.by, 'Ending the suppression had no effect');
      Object.assign(s, { status: 'triggered', snoozedUntil: null, triggeredAt: at, escalationLevel: 0 });
      return { state: s, entry: entry(op, 'triggered', op.data.by, `Triggered: ${op.data.reason}`) };
    case 'incident.reopened':
      if (op.data.episode !== prev.episode + 1) return noEffect('reopened', op.data.by, 'Re-open had no effect');
      Object.assign(s, {
        status: 'triggered', episode: op.data.episode, acknowledgedAt: null, acknowledgedBy: null,
        resolvedAt: null, resolvedBy: null, snoozedUntil: null, escalationLevel: 0, triggeredAt: at,
        progress: prev.progress === 'resolved' ? 'investigating' : prev.progress,
      });
      return { state: s, entry: entry(op, 'reopened', op.data.by, `Re-opened by ${op.data.by}`, { episode: op.data.episode }) };
    case 'incident.changed': {
      const f = op.data.fields;
      if (f.title !== undefined) s.title = f.title;
      if (f.description !== undefined) s.description = f.description;
      if (f.urgency !== undefined) s.urgency = f.urgency;
      // Raised from LOW (which never escalates) to HIGH: escalation counts its delays from now, at the level it had,
      // not from the trigger hours ago (which would page the last level at once).
      if (prev.urgency === 'LOW' && f.urgency === 'HIGH' && isOpen(prev)) {
        settleEndedQuiet(s, prev, at);
        s.triggeredAt = at;
      }
      if (f.priority !== undefined) s.priority = f.priority;
      if (f.severity !== undefined) s.severity = f.severity;
      if (f.impact !== undefined) s.impact = f.impact;
      if (f.assigneeId !== undefined) s.assigneeId = f.assigneeId;
      const what = Object.entries(f).map(([k, v]) => `${k} → ${v === null ? 'none' : String(v)}`).join(', ');
      return { state: s, entry: entry(op, 'changed', op.data.by, `Changed ${what}`, { fields: f }) };
    }
    case 'incident.status_updated': {
      const d = op.data;
      s.progress = d.progress;
      if (d.impact !== undefined) s.impact = d.impact;
      return { state: s, entry: entry(op, 'status_update', d.by, d.message, { status: d.progress, ...(d.impact ? { impact: d.impact } : {}) }) };
    }
    case 'incident.note_added':
      return { state: s, entry: entry(op, 'note', op.data.by, op.data.text) };
    case 'incident.escalated':
      // "Escalate now": the incident pages the level asked for from this instant, even if it was acknowledged or
      // snoozed (it is triggered again); later levels follow by their delays from here. One written for an episode
      // that has since been resolved (offline) leaves the next episode alone; older versions wrote no episode.
      if (!isOpen(prev) || (op.data.episode !== undefined && op.data.episode !== prev.episode)) {
        return noEffect('escalated', op.data.by, `Escalation to level ${op.data.level} had no effect`);
      }
      Object.assign(s, {
        escalationLevel: op.data.level, triggeredAt: at, snoozedUntil: null, status: 'triggered', acknowledgedAt: null, acknowledgedBy: null,
      });
      return { state: s, entry: entry(op, 'escalated', op.data.by, `Escalated to level ${op.data.level} by ${op.data.by}`, { level: op.data.level }) };
    case 'incident.merged':
      s.mergedInto = prev.mergedInto && prev.mergedInto < op.data.into ? prev.mergedInto : op.data.into;
      return { state: s, entry: entry(op, 'merged', op.data.by, `Merged into ${op.data.into}`, { into: op.data.into }) };
    case 'incident.unmerged':
      if (prev.mergedInto !== op.data.from) return noEffect('merged', op.data.by, 'Separating had no effect');
      s.mergedInto = null;
      return { state: s, entry: entry(op, 'merged', op.data.by, `No longer merged into ${op.data.from}: that incident had ended before this one began`, { from: op.data.from }) };
  }
}

/**
 * Folds a set of ops (any order, duplicates allowed) into the incident's state and timeline. `onStep` sees the state
 * after each op in fold order (its history: when it was triggered, acknowledged, resolved; oncall/spells.ts).
 */
export function foldIncident(ops: readonly Op[], onStep?: (state: IncidentState, op: Op) => void): { state: IncidentState | null; timeline: TimelineEntry[] } {
  const seen = new Set<string>();
  const sorted = ops.filter((o) => (seen.has(o.id) ? false : (seen.add(o.id), true))).sort(compareOps);
  let state: IncidentState | null = null;
  const timeline: TimelineEntry[] = [];
  // Ops ordered before the incident's creation (a peer's clock ran behind) still count: fold them after it.
  const creation = sorted.findIndex((o) => o.type === 'incident.triggered');
  const ordered = creation > 0 ? [sorted[creation]!, ...sorted.slice(0, creation), ...sorted.slice(creation + 1)] : sorted;
  for (const op of ordered) {
    const step = applyIncidentOp(state, op);
    state = step.state;
    if (step.entry) timeline.push(step.entry);
    if (onStep && state) onStep(state, op);
  }
  return { state, timeline };
}
