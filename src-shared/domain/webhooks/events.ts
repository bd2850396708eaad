// Which webhook event an op is, if any. An incident that opens suppressed (maintenance) pages nobody, so it is no
// `triggered` until it is released; a change is a `reassigned` only when it names another assignee.
import type { KnownOp } from '../ops.ts';
import type { WebhookEvent } from '../../schemas/webhooks.ts';

export function webhookEventOf(op: KnownOp): WebhookEvent | null {
  switch (op.type) {
    case 'incident.triggered': return op.data.suppressed ? null : 'triggered';
    case 'incident.unsuppressed': case 'incident.reopened': return 'triggered';
    case 'incident.acknowledged': return 'acknowledged';
    case 'incident.resolved': return 'resolved';
    case 'incident.changed': return op.data.fields.assigneeId !== undefined ? 'reassigned' : null;
    case 'incident.escalated': return 'escalated';
    case 'incident.status_updated': return 'status_update_posted';
    case 'incident.note_added': return 'note_added';
    default: return null;
  }
}
