// A delivery row as the API shows it.
import type { WebhookDelivery } from '../../src-shared/schemas/webhooks.ts';
import type { DeliveryRow } from '../store/webhook-deliveries.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id, webhookId: r.webhook_id, messageId: r.message_id, event: r.event, incidentId: r.incident_id,
  state: r.state as WebhookDelivery['state'], attempts: r.attempts, createdAt: iso(r.created_at)!, nextAttemptAt: iso(r.next_at),
  lastAttemptAt: iso(r.last_attempt_at), lastStatus: r.last_status, lastError: r.last_error, lastResponse: r.last_response,
  lastDurationMs: r.last_duration_ms,
});
