// Delivers outbound webhooks. It listens to the engine's change feed and owes a delivery for each event op that
// THIS device wrote (the op id names its device): every device holds every op, but exactly one wrote it, so a
// teammate's laptop asleep neither drops nor doubles an event. Each delivery is recorded (device-local) before it is
// tried, and tried until a 2xx, with backoff, for a day; the schedule lives in the table, so a restart resumes it.
import { Webhook as Signer } from 'standardwebhooks';
import { newId, parseOpId } from '../../src-shared/domain/ids.ts';
import { parseKnownOp, type Op } from '../../src-shared/domain/ops.ts';
import { hlcToIso } from '../../src-shared/domain/hlc.ts';
import { webhookEventOf } from '../../src-shared/domain/webhooks/events.ts';
import { webhookWants } from '../../src-shared/domain/webhooks/fold.ts';
import { webhookBody, type WebhookIncident } from '../../src-shared/domain/webhooks/body.ts';
import { RETRY_FOR_MS, retryDelayMs } from '../../src-shared/domain/webhooks/backoff.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import {
  addDelivery, claimDelivery, unclaimAll, deliveryRow, dueDeliveries, nextDueAt, recordAttempt, resendDelivery, type DeliveryRow,
} from '../store/webhook-deliveries.ts';
import type { Engine } from '../engine/types.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { postSigned } from './post-signed.ts';

export interface WebhookRunnerOptions {
  engine: Engine;
  clock: Clock;
  log: Logger;
  /** How long a receiver may take to answer (default 5 s). */
  timeoutMs?: number;
  /** Jitter's source, in [0, 1). */
  random?: () => number;
}

export interface WebhookRunner {
  start(): void;
  /** Sends a `webhook.test` message to a subscription now and answers the delivery after its first try. */
  sendTest(webhookId: string): Promise<DeliveryRow>;
  /** "Send again": the delivery is tried now (and retried for another day); answers it after that try. */
  resend(deliveryId: number): Promise<DeliveryRow>;
  /** Resolves once no delivery is being tried. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function createWebhookRunner(opts: WebhookRunnerOptions): WebhookRunner {
  const { engine, clock, log } = opts;
  const store = engine.store;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const random = opts.random ?? Math.random;
  const inFlight = new Map<number, Promise<void>>();
  let timer: { at: number; cancel: () => void } | null = null;
  let unsubscribe: (() => void) | null = null;
  let closed = false;

  const incidentOf = (id: string): WebhookIncident | null => {
    try {
      const i = engine.getIncident(id);
      return { id: i.id, title: i.title, status: i.status, urgency: i.urgency, service: { id: i.service.id, name: i.service.name }, dedupKey: i.dedupKey };
    } catch { return null; }
  };

  /** Records what this device owes for its own ops; nothing for a peer's. */
  const owe = (ops: readonly Op[]): void => {
    const hooks = engine.webhookStates();
    if (hooks.length === 0) return;
    for (const raw of ops) {
      if (parseOpId(raw.id).deviceId !== engine.deviceId) continue;
      const op = parseKnownOp(raw);
      const event = op && webhookEventOf(op);
      if (!op || !event) continue;
      const incident = incidentOf(op.entity);
      if (!incident) continue;
      const data = op.data as { by?: string; text?: string; message?: string };
      for (const w of hooks.filter((h) => webhookWants(h, event, incident.service.id))) {
        const body = webhookBody(w.format, {
          type: `incident.${event}`, timestamp: hlcToIso(op.hlc),
          data: { incident, by: data.by ?? null, ...(data.text ?? data.message ? { text: data.text ?? data.message } : {}) },
        });
        addDelivery(store, { webhookId: w.id, messageId: op.id, event, incidentId: incident.id, body, nowMs: clock.now() });
      }
    }
    pump();
  };

  const attempt = async (row: DeliveryRow): Promise<void> => {
    const hook = engine.webhookStates().find((h) => h.id === row.webhook_id);
    const atMs = clock.now();
    if (!hook) {
      recordAttempt(store, row.id, { state: 'failed', nextAt: null, atMs, status: null, error: 'the subscription was deleted', response: null, durationMs: 0 });
      return;
    }
    const r = await postSigned({ url: hook.url, secret: hook.secret, messageId: row.message_id, body: row.body, at: new Date(atMs), timeoutMs, signer: Signer });
    if (closed) return;
    const now = clock.now();
    const ok = r.status !== null && r.status >= 200 && r.status < 300;
    const giveUp = !ok && now + retryDelayMs(row.attempts + 1, 0.5) - row.created_at > RETRY_FOR_MS;
    const state = ok ? 'delivered' : giveUp ? 'failed' : 'pending';
    const nextAt = state === 'pending' ? now + retryDelayMs(row.attempts + 1, random()) : null;
    recordAttempt(store, row.id, { state, nextAt, atMs, status: r.status, error: r.error, response: r.response, durationMs: r.durationMs });
    if (!ok) log.warn(`webhook ${hook.id}: delivery ${row.id} ${r.status ?? r.error}${state === 'failed' ? ', given up' : ''}`);
  };

  const tryOne = (row: DeliveryRow): Promise<void> => {
    const running = inFlight.get(row.id);
    if (running) return running;
    claimDelivery(store, row.id);
    const p = attempt(row).catch((e: unknown) => log.error(`webhook delivery ${row.id}: ${String(e)}`)).finally(() => { inFlight.delete(row.id); arm(); });
    inFlight.set(row.id, p);
    return p;
  };

  function pump(): void {
    if (closed) return;
    for (const row of dueDeliveries(store, clock.now())) void tryOne(row);
    arm();
  }

  /** One timer, at the earliest pending delivery. */
  function arm(): void {
    if (closed) return;
    const at = nextDueAt(store);
    if (at === null || (timer && timer.at <= at)) return;
    timer?.cancel();
    timer = { at, cancel: clock.at(at, () => { timer = null; pump(); }) };
  }

  const afterTry = async (id: number): Promise<DeliveryRow> => {
    const row = deliveryRow(store, id)!;
    await tryOne(row);
    return deliveryRow(store, id)!;
  };

  return {
    start() {
      unsubscribe = engine.onChange((change) => owe(change.ops));
      unclaimAll(store, clock.now());
      pump();
    },
    async sendTest(webhookId) {
      const hook = engine.webhookStates().find((h) => h.id === webhookId);
      if (!hook) throw new KlaxonError('NOT_FOUND', `Webhook ${webhookId} not found`);
      const body = webhookBody(hook.format, { type: 'webhook.test', timestamp: new Date(clock.now()).toISOString(), data: { incident: null, by: null } });
      const id = addDelivery(store, { webhookId, messageId: newId('msg', clock.now()), event: 'test', incidentId: null, body, nowMs: clock.now() })!;
      return afterTry(id);
    },
    async resend(deliveryId) {
      if (!resendDelivery(store, deliveryId, clock.now())) throw new KlaxonError('NOT_FOUND', `Delivery ${deliveryId} not found`);
      return afterTry(deliveryId);
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight.values()]);
    },
    async close() {
      unsubscribe?.();
      timer?.cancel();
      await Promise.all([...inFlight.values()]);
      closed = true;
    },
  };
}
