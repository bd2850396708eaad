// A webhook subscription as the fold of its ops: created once, changed field by field (the latest change of a field
// wins, by HLC), deleted for good (a deletion wins over any change, in whatever order the ops arrive).
import type { Op } from '../ops.ts';
import { compareOps, parseKnownOp, type KnownOp } from '../ops.ts';
import { hlcToIso } from '../hlc.ts';
import type { WebhookEvent, WebhookFormat } from '../../schemas/webhooks.ts';

export interface WebhookState {
  id: string;
  url: string;
  events: WebhookEvent[];
  serviceIds: string[];
  format: WebhookFormat;
  description: string | null;
  /** Paused subscriptions are owed nothing. A doc projected before pausing existed has none: enabled. */
  enabled?: boolean;
  secret: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  deleted: boolean;
  lastHlc: string;
}

export function foldWebhook(ops: readonly Op[]): WebhookState | null {
  let w: WebhookState | null = null;
  let deleted = false;
  let lastHlc = '';
  for (const op of [...ops].sort(compareOps).map(parseKnownOp).filter((o): o is KnownOp => o !== null)) {
    if (op.type === 'webhook.created') {
      if (w) continue;
      const d = op.data;
      const at = hlcToIso(op.hlc);
      w = {
        id: op.entity, url: d.url, events: d.events, serviceIds: d.serviceIds, format: d.format, description: d.description,
        enabled: true, secret: d.secret, createdAt: at, updatedAt: at, createdBy: d.by, deleted: false, lastHlc: op.hlc,
      };
    } else if (op.type === 'webhook.changed') {
      if (!w) continue;
      const prev: WebhookState = w;
      const f = op.data.fields;
      w = {
        ...prev, url: f.url ?? prev.url, events: f.events ?? prev.events, serviceIds: f.serviceIds ?? prev.serviceIds,
        format: f.format ?? prev.format, description: f.description !== undefined ? f.description : prev.description,
        enabled: f.enabled ?? prev.enabled,
      };
    } else if (op.type === 'webhook.deleted') deleted = true;
    else continue;
    if (op.hlc > lastHlc) lastHlc = op.hlc;
  }
  return w ? { ...w, deleted, lastHlc, updatedAt: hlcToIso(lastHlc) } : null;
}

/** Whether a subscription wants an event of this kind on this service (no services named: every service). */
export const webhookWants = (w: Pick<WebhookState, 'events' | 'serviceIds' | 'deleted' | 'enabled'>, event: WebhookEvent, serviceId: string): boolean =>
  !w.deleted && w.enabled !== false && w.events.includes(event) && (w.serviceIds.length === 0 || w.serviceIds.includes(serviceId));
