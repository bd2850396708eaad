// The two on-call decisions the clock makes but an op must record (src-shared/domain/oncall/auto-actions.ts says
// which and why): resolving an incident left open past its service's auto-resolve timeout, and raising a LOW
// incident triggered outside support hours to HIGH when they begin. This runner arms one timer for the next such
// decision this device should write (at once if it wrote the incident, five minutes late otherwise, in case its
// author sleeps), writes it as `system` through the ordinary commands, and plans again after every change that could
// move a deadline. Escalation itself is never written here: it is derived.
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

export function createTimedDecisions(deps: { engine: Engine; clock: Clock; log: Logger }): TimedDecisions {
  const { engine, clock, log } = deps;
  let cancel: (() => void) | null = null;
  let unsubscribe: (() => void) | null = null;
  let queued = false;
  let closed = false;

  const pending = (): Decision[] => {
    const services = new Map(engine.listServices().filter((s) => s.autoResolveMinutes !== null || s.supportHours !== null).map((s) => [s.id, s]));
    if (services.size === 0) return [];
    const out: Decision[] = [];
    for (const s of engine.openIncidentStates()) {
      const service = services.get(s.serviceId);
      if (!service || s.mergedInto !== null) continue;
      const facts = factsOf(engine.incidentOps(s.id));
      if (facts) out.push(...decisionsFor(s, facts, service, engine.deviceId));
    }
    return out;
  };

  const run = async (): Promise<void> => {
    if (closed) return;
    cancel?.();
    cancel = null;
    const now = clock.now();
    let next: number | null = null;
    for (const d of pending()) {
      if (d.writeAt > now) { next = next === null ? d.writeAt : Math.min(next, d.writeAt); continue; }
      try {
        if (d.kind === 'resolve') await engine.resolve([d.incidentId], SYSTEM_ACTOR);
        else await engine.updateIncident(d.incidentId, { urgency: 'HIGH' }, SYSTEM_ACTOR);
        log.info(`on-call: ${d.kind === 'resolve' ? 'auto-resolved' : 'raised to HIGH (support hours began)'} ${d.incidentId}`);
      } catch (e) {
        log.warn(`on-call: could not ${d.kind} ${d.incidentId}: ${(e as Error).message}; trying again in a minute`);
        next = next === null ? now + 60_000 : Math.min(next, now + 60_000);
      }
    }
    if (next !== null && !closed) cancel = clock.at(next, () => void run());
  };

  const soon = () => {
    if (queued || closed) return;
    queued = true;
    queueMicrotask(() => { queued = false; void run(); });
  };

  const onChange = (c: EngineChange) => {
    if (c.services || c.fromOtherProcess || c.ops.some((o) => o.type === 'incident.triggered' || o.type === 'incident.reopened' || o.type === 'incident.changed')) soon();
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
      unsubscribe?.();
    },
  };
}
