// Delivers outbound webhooks. It owes a delivery for each event op that THIS device wrote (the op id names its
// device; op-feed.ts hands over those written while it was not listening too) and for each escalation the clock
// made on an incident this device triggered (clock-escalations.ts): every device holds every op, but exactly one
// wrote it, so a teammate's laptop asleep neither drops nor doubles an event. Each delivery is recorded (device-local) before it is
// tried, and tried until a 2xx, with backoff, for a day; the schedule lives in the table, so a restart resumes it.
import { Webhook as Signer } from 'standardwebhooks';
import { newId } from '../../src-shared/domain/ids.ts';
import { webhookWants } from '../../src-shared/domain/webhooks/fold.ts';
import { webhookBody } from '../../src-shared/domain/webhooks/body.ts';
import { RETRY_FOR_MS, retryDelayMs } from '../../src-shared/domain/webhooks/backoff.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import {
  addDelivery, claimDelivery, unclaimAll, deliveryRow, dueDeliveries, nextDueAt, recordAttempt, resendDelivery, type DeliveryRow,
} from '../store/webhook-deliveries.ts';
import type { Engine } from '../engine/types.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { postSigned } from './post-signed.ts';
import { createOutboundGuard } from './outbound-guard.ts';
import { eventsOfOps, messageOf, type OutboundEvent } from './outbound-events.ts';
import { createOpFeed } from './op-feed.ts';
import { createClockEscalations } from './clock-escalations.ts';

/** Deliveries tried at once; the rest wait their turn. */
const MAX_IN_FLIGHT = 8;

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
  let closed = false;
  let stopping = false;

  /**
   * Records what this device owes for events it wrote (its own ops, clock escalations of incidents it triggered);
   * nothing for a peer's, and nothing to a subscription for an event from before it existed. Answers whether any
   * subscription exists (the op feed saves its checkpoint then).
   */
  const owe = (events: readonly OutboundEvent[]): boolean => {
    const hooks = engine.webhookStates().filter((h) => !h.deleted);
    if (hooks.length === 0) return false;
    for (const e of events) {
      if (!e.ownDevice) continue;
      for (const w of hooks.filter((h) => webhookWants(h, e.event, e.incident.service.id) && e.atMs >= Date.parse(h.createdAt))) {
        addDelivery(store, { webhookId: w.id, messageId: e.messageId, event: e.event, incidentId: e.incident.id, body: webhookBody(w.format, messageOf(e)), nowMs: clock.now() });
      }
    }
    pump();
    return true;
  };
  // No subscription: nothing is read (the feed runs on every commit, an alert storm's too).
  const anyHook = () => engine.webhookStates().some((h) => !h.deleted);
  const guard = createOutboundGuard(engine);
  const feed = createOpFeed({ engine, key: 'outbound_webhooks_checkpoint', devices: 'own', onOps: (ops) => anyHook() && owe(eventsOfOps(engine, ops)) });
  const escalations = createClockEscalations({ engine, clock, log, emit: owe, wanted: anyHook });

  const attempt = async (row: DeliveryRow): Promise<void> => {
    const hook = engine.webhookStates().find((h) => h.id === row.webhook_id);
    const atMs = clock.now();
    if (!hook) {
      recordAttempt(store, row.id, { state: 'failed', nextAt: null, atMs, status: null, error: 'the subscription was deleted', response: null, durationMs: 0 });
      return;
    }
    const r = await postSigned({ url: hook.url, secret: hook.secret, messageId: row.message_id, body: row.body, at: new Date(atMs), timeoutMs, signer: Signer, dispatcher: guard.dispatcherFor(hook.id) });
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
    const p = attempt(row).catch((e: unknown) => log.error(`webhook delivery ${row.id}: ${String(e)}`)).finally(() => { inFlight.delete(row.id); pump(); });
    inFlight.set(row.id, p);
    return p;
  };

  /** Starts due deliveries, at most MAX_IN_FLIGHT at once (a start after a long gap owes thousands). */
  function pump(): void {
    if (stopping) return;
    const room = MAX_IN_FLIGHT - inFlight.size;
    if (room > 0) for (const row of dueDeliveries(store, clock.now(), room)) void tryOne(row);
    arm();
  }

  /** One timer, at the earliest pending delivery; none while every slot is busy (each try that ends pumps). */
  function arm(): void {
    if (stopping || inFlight.size >= MAX_IN_FLIGHT) return;
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
      unclaimAll(store, clock.now());
      // The ops written since the checkpoint (a crash between an op's commit and its delivery being recorded) first.
      feed.start();
      escalations.start();
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
      // No new try from here; the tries under way finish and are recorded.
      stopping = true;
      feed.close();
      escalations.close();
      timer?.cancel();
      await Promise.all([...inFlight.values()]);
      await guard.close();
      closed = true;
    },
  };
}
