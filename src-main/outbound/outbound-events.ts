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

export function incidentOf(engine: Engine, id: string): WebhookIncident | null {
  try {
    const i = engine.getIncident(id);
    return { id: i.id, title: i.title, status: i.status, urgency: i.urgency, service: { id: i.service.id, name: i.service.name }, dedupKey: i.dedupKey };
  } catch { return null; }
}

/** The events among these ops (any device's), each with the incident as it is now. */
export function eventsOfOps(engine: Engine, ops: readonly Op[]): OutboundEvent[] {
  const out: OutboundEvent[] = [];
  for (const raw of ops) {
    const op = parseKnownOp(raw);
    const event = op && webhookEventOf(op);
    if (!op || !event) continue;
    const incident = incidentOf(engine, op.entity);
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
