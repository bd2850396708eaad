// The two on-call decisions the clock makes but an op must record (src-shared/domain/oncall/auto-actions.ts says
// which and why): resolving an incident left open past its service's auto-resolve timeout, and raising a LOW
// incident triggered outside support hours to HIGH when they begin. This runner arms one timer for the next such
// decision this device should write (at once if it wrote the incident, five minutes late otherwise, in case its
// author sleeps), writes it as `system` through the ordinary commands, and plans again after every change that could
// move a deadline, working out again only the incidents that change touched. Escalation itself is never written
// here: it is derived.
import type { Engine, EngineChange } from './types.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import type { Op } from '../../src-shared/domain/ops.ts';
import { parseOpId } from '../../src-shared/domain/ids.ts';
import { hlcToIso } from '../../src-shared/domain/hlc.ts';
import { autoResolveAt, supportHoursRaiseAt, writeAt } from '../../src-shared/domain/oncall/auto-actions.ts';

export const SYSTEM_ACTOR = 'system';

/** What the decisions need of an incident's ops: who wrote it, when it was last (re)opened, how its urgency was set. */
export interface IncidentFacts { authorDeviceId: string; openedAtMs: number; outsideSupportHours: boolean; urgencySetAtMs: number | null }

export function factsOf(ops: readonly Op[]): IncidentFacts | null {
  const created = ops.find((o) => o.type === 'incident.triggered');
  if (!created) return null;
  let openedAt = created.hlc;
  let urgencySet: string | null = null;
  for (const o of ops) {
    if (o.type === 'incident.reopened' && o.hlc > openedAt) openedAt = o.hlc;
    const fields = o.type === 'incident.changed' ? (o.data as { fields?: { urgency?: unknown } }).fields : undefined;
    if (fields?.urgency !== undefined && (urgencySet === null || o.hlc > urgencySet)) urgencySet = o.hlc;
  }
  return {
    authorDeviceId: parseOpId(created.id).deviceId,
    openedAtMs: Date.parse(hlcToIso(openedAt)),
    outsideSupportHours: (created.data as { outsideSupportHours?: boolean }).outsideSupportHours === true,
    urgencySetAtMs: urgencySet === null ? null : Date.parse(hlcToIso(urgencySet)),
  };
}

export interface Decision { incidentId: string; kind: 'resolve' | 'raise'; writeAt: number }

/** This device's pending decisions for one incident, given its service's settings. */
export function decisionsFor(
  s: IncidentState, facts: IncidentFacts, service: { autoResolveMinutes: number | null; supportHours: Parameters<typeof supportHoursRaiseAt>[1] },
  deviceId: string,
): Decision[] {
  const out: Decision[] = [];
  const resolveAt = autoResolveAt(s, service.autoResolveMinutes, facts.openedAtMs);
  if (resolveAt !== null) out.push({ incidentId: s.id, kind: 'resolve', writeAt: writeAt(facts.authorDeviceId, deviceId, resolveAt) });
  const raiseAt = supportHoursRaiseAt(s, service.supportHours, facts.outsideSupportHours, facts.urgencySetAtMs);
  if (raiseAt !== null) out.push({ incidentId: s.id, kind: 'raise', writeAt: writeAt(facts.authorDeviceId, deviceId, raiseAt) });
  return out;
}

export interface TimedDecisions { start(): void; close(): void }

/**
 * Incident ops that move no deadline: the incident stays open or closed, its urgency, its (re)opening and its
 * merge as they were. Any other incident op (and any op type added later) has its incident's deadlines worked out
 * again.
 */
const DEADLINE_NEUTRAL_OPS = new Set([
  'incident.alert_received', 'incident.note_added', 'incident.status_updated', 'incident.acknowledged',
  'incident.unacknowledged', 'incident.snoozed', 'incident.escalated',
]);

const RETRY_MS = 60_000;

export function createTimedDecisions(deps: { engine: Engine; clock: Clock; log: Logger }): TimedDecisions {
  const { engine, clock, log } = deps;
  let cancel: (() => void) | null = null;
  let unsubscribe: (() => void) | null = null;
  let queued = false;
  let closed = false;
  // One run at a time: a change or the timer while a run awaits its writes asks for another run after it.
  let running = false;
  let again = false;
  // Each open incident's pending decisions, kept between runs; a run works out again only the incidents changes
  // touched (`dirty`), or all of them when services changed (`everything`): an alert storm's batches would
  // otherwise read and fold every open incident each time.
  const deadlines = new Map<string, Decision[]>();
  const dirty = new Set<string>();
  let everything = true;

  const refresh = (): void => {
    if (!everything && dirty.size === 0) return;
    const services = new Map(engine.listServices().filter((s) => s.autoResolveMinutes !== null || s.supportHours !== null).map((s) => [s.id, s]));
    let states: IncidentState[];
    if (everything) {
      everything = false;
      dirty.clear();
      deadlines.clear();
      states = services.size === 0 ? [] : engine.openIncidentStates();
    } else {
      const ids = [...dirty];
      dirty.clear();
      for (const id of ids) deadlines.delete(id);
      states = services.size === 0 ? [] : engine.incidentStatesByIds(ids);
    }
    for (const s of states) {
      const service = services.get(s.serviceId);
      if (!service || s.mergedInto !== null) continue;
      const facts = factsOf(engine.incidentOps(s.id));
      const decisions = facts ? decisionsFor(s, facts, service, engine.deviceId) : [];
      if (decisions.length > 0) deadlines.set(s.id, decisions);
    }
  };

  /** Writes what is due, and arms the timer for the next deadline. */
  const once = async (): Promise<void> => {
    cancel?.();
    cancel = null;
    const now = clock.now();
    let next: number | null = null;
    const later = (at: number) => { next = next === null ? at : Math.min(next, at); };
    try {
      refresh();
    } catch (e) {
      log.error(`on-call: could not read the open incidents' deadlines: ${(e as Error).message}; trying again in a minute`);
      everything = true;
      later(now + RETRY_MS);
    }
    const due: Decision[] = [];
    for (const list of deadlines.values()) for (const d of list) if (d.writeAt > now) later(d.writeAt); else due.push(d);
    for (const d of due) {
      if (closed) return;
      try {
        if (d.kind === 'resolve') await engine.resolve([d.incidentId], SYSTEM_ACTOR);
        else await engine.updateIncident(d.incidentId, { urgency: 'HIGH' }, SYSTEM_ACTOR);
        log.info(`on-call: ${d.kind === 'resolve' ? 'auto-resolved' : 'raised to HIGH (support hours began)'} ${d.incidentId}`);
        // Read again at the next run, whether or not the write changed anything (it is not due twice on its own).
        deadlines.delete(d.incidentId);
        dirty.add(d.incidentId);
      } catch (e) {
        log.warn(`on-call: could not ${d.kind} ${d.incidentId}: ${(e as Error).message}; trying again in a minute`);
        later(now + RETRY_MS);
      }
    }
    if (next !== null && !closed) cancel = clock.at(next, request);
  };

  const run = async (): Promise<void> => {
    running = true;
    try {
      do {
        again = false;
        await once();
      } while (again && !closed);
    } finally {
      running = false;
    }
  };

  function request(): void {
    if (closed) return;
    if (running) { again = true; return; }
    void run();
  }

  const soon = () => {
    if (queued || closed) return;
    queued = true;
    queueMicrotask(() => { queued = false; request(); });
  };

  const onChange = (c: EngineChange) => {
    if (c.services || c.fromOtherProcess) {
      everything = true;
      soon();
      return;
    }
    const withOps = new Set<string>();
    for (const o of c.ops) {
      if (!o.type.startsWith('incident.')) continue;
      withOps.add(o.entity);
      if (!DEADLINE_NEUTRAL_OPS.has(o.type)) dirty.add(o.entity);
    }
    // An incident folded again without an op of its own in the batch (a revoked device's ops were taken away).
    for (const id of c.incidentIds) if (!withOps.has(id)) dirty.add(id);
    if (dirty.size > 0) soon();
  };

  return {
    start() {
      if (unsubscribe || closed) return;
      unsubscribe = engine.onChange(onChange);
      soon();
    },
    close() {
      closed = true;
      cancel?.();
      cancel = null;
      unsubscribe?.();
    },
  };
}
