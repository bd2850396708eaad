// Device-local webhook deliveries (migration 8): what this device owes each subscription, and how each try went.
import type { Store } from './database.ts';
import { stmt } from './statement-cache.ts';
import type { WebhookDeliveriesTable } from './schema.ts';

export type DeliveryRow = Omit<WebhookDeliveriesTable, 'id'> & { id: number };
export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** Records a delivery due now; false if this message was already owed to this subscription (idempotent). */
export function addDelivery(store: Store, d: { webhookId: string; messageId: string; event: string; incidentId: string | null; body: string; nowMs: number }): number | null {
  const r = stmt(store, `INSERT INTO webhook_deliveries (webhook_id, message_id, event, incident_id, body, state, attempts, created_at, next_at)
    VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT DO NOTHING`).run(d.webhookId, d.messageId, d.event, d.incidentId, d.body, d.nowMs, d.nowMs);
  return r.changes === 1 ? Number(r.lastInsertRowid) : null;
}

export const deliveryRow = (store: Store, id: number): DeliveryRow | null =>
  (store.get(store.q.selectFrom('webhook_deliveries').selectAll().where('id', '=', id)) as DeliveryRow | undefined) ?? null;

/** Pending deliveries due at `nowMs`, oldest first (at most `limit`). */
export const dueDeliveries = (store: Store, nowMs: number, limit = 1000): DeliveryRow[] =>
  store.all(store.q.selectFrom('webhook_deliveries').selectAll().where('state', '=', 'pending').where('next_at', '<=', nowMs).orderBy('id').limit(limit)) as DeliveryRow[];

/** A try begins: out of the schedule until its outcome is recorded (so no timer fires for it meanwhile). */
export function claimDelivery(store: Store, id: number): void {
  stmt(store, 'UPDATE webhook_deliveries SET next_at = NULL WHERE id = ?').run(id);
}

/** At start: tries cut short by a stop (claimed, never recorded) are due again. */
export function unclaimAll(store: Store, nowMs: number): void {
  stmt(store, "UPDATE webhook_deliveries SET next_at = ? WHERE state = 'pending' AND next_at IS NULL").run(nowMs);
}

/** When the next pending delivery falls due (null: none pending). */
export function nextDueAt(store: Store): number | null {
  return stmt(store, "SELECT min(next_at) FROM webhook_deliveries WHERE state = 'pending'").pluck().get() as number | null;
}

/** A subscription's deliveries, newest first. */
export const deliveriesOf = (store: Store, webhookId: string, limit: number): DeliveryRow[] =>
  store.all(store.q.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('id', 'desc').limit(limit)) as DeliveryRow[];

export interface AttemptOutcome {
  state: DeliveryState; nextAt: number | null; atMs: number; status: number | null; error: string | null; response: string | null; durationMs: number;
}

export function recordAttempt(store: Store, id: number, o: AttemptOutcome): void {
  stmt(store, `UPDATE webhook_deliveries SET state = ?, next_at = ?, attempts = attempts + 1, last_attempt_at = ?, last_status = ?,
    last_error = ?, last_response = ?, last_duration_ms = ? WHERE id = ?`).run(o.state, o.nextAt, o.atMs, o.status, o.error, o.response, o.durationMs, id);
}

/** "Send again": due now, with a fresh day of retries. */
export function resendDelivery(store: Store, id: number, nowMs: number): boolean {
  return stmt(store, "UPDATE webhook_deliveries SET state = 'pending', next_at = ?, created_at = ? WHERE id = ?").run(nowMs, nowMs, id).changes === 1;
}
