// Escalations the clock makes, as outbound events. Escalation is derived (no op: src-shared/domain/oncall/
// escalation.ts), so no op says "escalated to level 2"; the incident's timeline does (its derived `escalated`
// entries, engine/escalation-timeline.ts), the same on every device. This watcher reads them when they can have
// changed — at start, when an op touches the incident or on-call state changes, and at the instant the pager's own
// answer says the level may move (engine.pagingFor's wakeAt) — and hands over each step of the current episode. Each
// gets the message id `esc:<incident>:<episode>:<level>:<loop>`, so a step handed over again (every read, every
// restart) is recorded once. `ownDevice` says whether this device wrote the incident's trigger op: the one device that
// delivers its webhooks, as the author writes its auto-resolve (src-shared/domain/oncall/auto-actions.ts).
import { parseOpId } from '../../src-shared/domain/ids.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import type { Engine, EngineChange } from '../engine/types.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { incidentOf, type OutboundEvent } from './outbound-events.ts';

/** Ops that move no escalation (a dedup repeat, a note, a status-page update). */
const NEUTRAL_OPS = new Set(['incident.alert_received', 'incident.note_added', 'incident.status_updated']);

export const clockEscalationId = (incidentId: string, episode: number, level: number, loop: number): string =>
  `esc:${incidentId}:${episode}:${level}:${loop}`;

export interface ClockEscalations { start(): void; close(): void }

export function createClockEscalations(p: {
  engine: Engine; clock: Clock; log: Logger; emit: (events: OutboundEvent[]) => void;
  /** Whether anything is owed for escalations now (no subscription, no action: the timeline is not read). */
  wanted: () => boolean;
}): ClockEscalations {
  const { engine, clock, log } = p;
  const open = new Map<string, IncidentState>();
  /** When each open incident's escalation may next move by the clock (null: not until an op). */
  const wakeOf = new Map<string, number | null>();
  const touched = new Set<string>();
  const authorOf = new Map<string, string | null>();
  let everything = true;
  let queued = false;
  let closed = false;
  let cancel: (() => void) | null = null;
  /** The earliest instant some open incident's escalation may move (the timer's). */
  let armedAt: number | null = null;
  let unsubscribe: (() => void) | null = null;

  const author = (id: string): string | null => {
    if (!authorOf.has(id)) {
      const trigger = engine.incidentOps(id).find((o) => o.type === 'incident.triggered');
      authorOf.set(id, trigger ? parseOpId(trigger.id).deviceId : null);
    }
    return authorOf.get(id)!;
  };

  /** The derived escalation steps of the incident's current episode, reached by now. */
  const stepsOf = (id: string, now: number): OutboundEvent[] => {
    const incident = incidentOf(engine, id);
    if (!incident) return [];
    let episode = 1;
    let steps: OutboundEvent[] = [];
    for (const e of engine.getIncident(id).timeline) {
      if (e.kind === 'reopened' && e.data.derived !== true) {
        episode = typeof e.data.episode === 'number' ? e.data.episode : episode + 1;
        steps = [];
      }
      if (e.kind !== 'escalated' || e.data.derived !== true || Date.parse(e.at) > now) continue;
      steps.push({
        messageId: clockEscalationId(id, episode, Number(e.data.level), Number(e.data.loop)), event: 'escalated', atMs: Date.parse(e.at),
        incident, by: 'system', text: e.message, ownDevice: author(id) === engine.deviceId,
      });
    }
    return steps;
  };

  const plan = () => {
    if (closed) return;
    cancel?.();
    cancel = null;
    const now = clock.now();
    const check = new Set<string>();
    try {
      // Nothing configured to tell: nothing is read; the next change (a subscription made, say) reads everything.
      if (!p.wanted()) {
        everything = true;
        touched.clear();
        armedAt = null;
        return;
      }
      const reread = everything ? null : [...touched];
      if (reread === null) { open.clear(); wakeOf.clear(); }
      for (const id of reread ?? []) open.delete(id);
      const states = reread === null ? engine.openIncidentStates() : engine.incidentStatesByIds(reread);
      everything = false;
      touched.clear();
      for (const s of states) {
        if (s.status === 'resolved' || s.mergedInto !== null) { wakeOf.delete(s.id); continue; }
        open.set(s.id, s);
        check.add(s.id);
      }
      // Every open incident is looked at only when the timer came (some wake is due) or all were read again; a
      // commit's plan looks at the incidents it touched (an alert storm's batches must not walk thousands).
      const sweep = reread === null || (armedAt !== null && armedAt <= now);
      const events: OutboundEvent[] = [];
      for (const id of sweep ? [...open.keys()] : [...check]) {
        const s = open.get(id)!;
        const wake = wakeOf.get(id);
        if (!check.has(id) && (wake === undefined || wake === null || wake > now)) continue;
        const answer = engine.pagingFor(s, now);
        wakeOf.set(id, answer.wakeAt);
        // Still where its spell began (level 1, or the level asked for by hand, first round): the clock has moved
        // it nowhere, and the timeline (the costly read) is not needed.
        const e = answer.escalation;
        if (e !== null && (e.loop > 0 || e.level > Math.max(1, s.escalationLevel))) events.push(...stepsOf(id, now));
      }
      let next: number | null = sweep ? null : armedAt;
      for (const id of sweep ? open.keys() : check) {
        const wake = wakeOf.get(id);
        if (wake != null && (next === null || wake < next)) next = wake;
      }
      if (events.length > 0) p.emit(events);
      armedAt = next;
      if (next !== null) cancel = clock.at(next, plan);
    } catch (e) {
      log.error(`outbound: could not work out escalations: ${(e as Error).message}; trying again in a minute`);
      everything = true;
      armedAt = null;
      cancel = clock.at(now + 60_000, plan);
    }
  };

  const soon = () => {
    if (queued || closed) return;
    queued = true;
    queueMicrotask(() => { queued = false; plan(); });
  };

  const onChange = (c: EngineChange) => {
    if (c.fromOtherProcess || c.oncall || c.services || c.roster) everything = true;
    for (const o of c.ops) if (o.type.startsWith('incident.') && !NEUTRAL_OPS.has(o.type)) touched.add(o.entity);
    if (everything || touched.size > 0) soon();
  };

  return {
    start() {
      if (unsubscribe || closed) return;
      unsubscribe = engine.onChange(onChange);
      plan();
    },
    close() {
      closed = true;
      cancel?.();
      unsubscribe?.();
    },
  };
}
