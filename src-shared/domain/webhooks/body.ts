// What a delivery says. `standard`: the Standard Webhooks payload shape (`type`, `timestamp`, `data`), with the
// incident as the API shows it; `slack`: one line of text, which Slack and Mattermost incoming webhooks both take.
import type { WebhookEvent, WebhookFormat } from '../../schemas/webhooks.ts';

/** The incident fields a delivery carries (a subset of the API's Incident, so a receiver needs no second call). */
export interface WebhookIncident {
  id: string; title: string; status: string; urgency: string; service: { id: string; name: string }; dedupKey: string | null;
}

export interface WebhookMessage {
  /** `incident.<event>`, or `webhook.test` for the test button. */
  type: string;
  /** When the op was written (ISO). */
  timestamp: string;
  data: { incident: WebhookIncident | null; by: string | null; text?: string };
}

const VERB: Record<WebhookEvent, string> = {
  triggered: 'Triggered', acknowledged: 'Acknowledged', resolved: 'Resolved', reassigned: 'Reassigned', escalated: 'Escalated',
  status_update_posted: 'Status update on', note_added: 'Note on',
};

export function webhookBody(format: WebhookFormat, m: WebhookMessage): string {
  if (format === 'standard') return JSON.stringify(m);
  const i = m.data.incident;
  const event = m.type.startsWith('incident.') ? m.type.slice('incident.'.length) as WebhookEvent : null;
  const head = event && i ? `${VERB[event]}: ${i.title} (${i.service.name})` : 'Klaxon test message: this webhook works';
  const by = m.data.by ? ` by ${m.data.by}` : '';
  const text = m.data.text ? `\n> ${m.data.text}` : '';
  return JSON.stringify({ text: `${head}${event ? by : ''}${text}` });
}
