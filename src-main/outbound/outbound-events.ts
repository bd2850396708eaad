// The incident events outbound deliveries are made of (webhooks and local actions alike): one per event op, and one
// per escalation the clock makes (clock-escalations.ts). `messageId` is the event's identity everywhere: the op id,
// or a stable id per (incident, episode, level, loop) for a derived escalation, so whoever records it twice — a
// rescan after a crash, two watchers — records it once.
import { parseOpId } from '../../src-shared/domain/ids.ts';
import { parseKnownOp, type Op } from '../../src-shared/domain/ops.ts';
import { hlcToIso } from '../../src-shared/domain/hlc.ts';
import { webhookEventOf } from '../../src-shared/domain/webhooks/events.ts';
import type { WebhookIncident, WebhookMessage } from '../../src-shared/domain/webhooks/body.ts';
import type { WebhookEvent } from '../../src-shared/schemas/webhooks.ts';
import type { Incident } from '../../src-shared/schemas/incidents.ts';
import type { Engine } from '../engine/types.ts';

export interface OutboundEvent {
  messageId: string;
  event: WebhookEvent;
  /** When it happened (the op's HLC wall time, or the instant the level was reached). */
  atMs: number;
  incident: WebhookIncident;
  by: string | null;
  text?: string;
  /**
   * This device wrote it: its own op, or a clock escalation of an incident whose trigger op it wrote. Webhooks are
   * delivered only by that device (one delivery per team); local actions run on every device that sees the event.
   */
  ownDevice: boolean;
}

const asWebhookIncident = (i: Incident): WebhookIncident =>
  ({ id: i.id, title: i.title, status: i.status, urgency: i.urgency, service: { id: i.service.id, name: i.service.name }, dedupKey: i.dedupKey });

export function incidentOf(engine: Engine, id: string): WebhookIncident | null {
  const [i] = engine.incidentsByIds([id]);
  return i ? asWebhookIncident(i) : null;
}

/** The events among these ops (any device's), each with the incident as it is now (read once per batch, no timeline). */
export function eventsOfOps(engine: Engine, ops: readonly Op[]): OutboundEvent[] {
  const known = ops.map(parseKnownOp).map((op) => ({ op, event: op && webhookEventOf(op) }));
  const ids = [...new Set(known.flatMap(({ op, event }) => (op && event ? [op.entity] : [])))];
  if (ids.length === 0) return [];
  const incidents = new Map(engine.incidentsByIds(ids).map((i) => [i.id, asWebhookIncident(i)]));
  const out: OutboundEvent[] = [];
  for (const { op, event } of known) {
    if (!op || !event) continue;
    const incident = incidents.get(op.entity);
    if (!incident) continue;
    const data = op.data as { by?: string; text?: string; message?: string };
    const text = data.text ?? data.message;
    out.push({
      messageId: op.id, event, atMs: Date.parse(hlcToIso(op.hlc)), incident, by: data.by ?? null,
      ...(text ? { text } : {}), ownDevice: parseOpId(op.id).deviceId === engine.deviceId,
    });
  }
  return out;
}

/** The message a receiver (or a local command's stdin) gets for an event. */
export const messageOf = (e: OutboundEvent): WebhookMessage => ({
  type: `incident.${e.event}`, timestamp: new Date(e.atMs).toISOString(),
  data: { incident: e.incident, by: e.by, ...(e.text ? { text: e.text } : {}) },
});
