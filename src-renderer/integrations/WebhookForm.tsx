// A subscription's form, to create one or edit it: the URL, the message format, the events, the services (all, or
// the ones checked) and a note. The shared schema (CreateWebhook) says what is valid, before anything is sent; its
// complaints are shown under the field they are about, and a refusal by the host under the button.
import { CreateWebhook, WEBHOOK_EVENTS, WEBHOOK_FORMATS, type Webhook, type WebhookEvent, type WebhookFormat } from '../../src-shared/schemas/webhooks.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { ActionMessage } from '../settings/useAction.tsx';
import { toggled, useDraftForm } from './useDraftForm.tsx';
import { eventLabel } from './delivery-log.ts';

export const FORMAT_LABELS: Record<WebhookFormat, string> = {
  standard: 'Standard Webhooks (JSON)',
  slack: 'Slack / Mattermost compatible (text)',
};

export interface WebhookDraft { url: string; format: WebhookFormat; events: WebhookEvent[]; allServices: boolean; serviceIds: string[]; description: string }
type Field = 'url' | 'events' | 'serviceIds' | 'description';

const emptyDraft = (): WebhookDraft => ({ url: '', format: 'standard', events: ['triggered', 'acknowledged', 'resolved'], allServices: true, serviceIds: [], description: '' });
const draftOf = (w: Webhook): WebhookDraft => ({
  url: w.url, format: w.format, events: [...w.events], allServices: w.serviceIds.length === 0, serviceIds: [...w.serviceIds], description: w.description ?? '',
});

/** What the form would send, or the complaints by field. */
export function checkDraft(d: WebhookDraft): { ok: true; value: CreateWebhook } | { ok: false; errors: Partial<Record<Field, string>> } {
  const value: CreateWebhook = { url: d.url, events: d.events, serviceIds: d.allServices ? [] : d.serviceIds, format: d.format, ...(d.description.trim() ? { description: d.description } : {}) };
  const parsed = CreateWebhook.safeParse(value);
  const errors: Partial<Record<Field, string>> = {};
  if (!d.allServices && d.serviceIds.length === 0) errors.serviceIds = 'Check at least one service, or choose All services';
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = issue.path[0] as Field;
    errors[field] ??= field === 'url' ? 'Enter the receiver\'s http:// or https:// URL'
      : field === 'events' ? 'Check at least one event' : issue.message;
  }
  return Object.keys(errors).length === 0 ? { ok: true, value } : { ok: false, errors };
}

export function WebhookForm({ webhook, services, onSave, onCancel }: {
  webhook?: Webhook;
  services: readonly Service[] | null;
  /** Sends what the form holds (create or update); resolves once the host has answered. */
  onSave: (value: CreateWebhook) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const { id, draft, set, errorProps, fieldError, action, submit: send } = useDraftForm(() => (webhook ? draftOf(webhook) : emptyDraft()), emptyDraft, checkDraft);
  const submit = () => send(onSave, webhook ? 'Saved' : 'Webhook created', !webhook);

  return (
    <form className="webhook-form" aria-label={webhook ? `Edit webhook ${displayText(webhook.url)}` : 'New webhook'} noValidate
      onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      {!webhook && <h3>New webhook</h3>}
      <label className="field"><span>URL</span>
        <input type="url" value={draft.url} placeholder="https://hooks.example.com/klaxon" maxLength={2048} {...errorProps('url')}
          onChange={(e) => set({ url: e.target.value })} />
      </label>
      {fieldError('url')}
      <fieldset className="webhook-choices">
        <legend>Format</legend>
        {WEBHOOK_FORMATS.map((f) => (
          <label key={f} className="field-inline"><input type="radio" name={`${id}-format`} checked={draft.format === f} onChange={() => set({ format: f })} />{FORMAT_LABELS[f]}</label>
        ))}
      </fieldset>
      <fieldset className="webhook-choices" {...errorProps('events')}>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((ev) => (
          <label key={ev} className="field-inline"><input type="checkbox" checked={draft.events.includes(ev)} onChange={() => set({ events: toggled(draft.events, ev) })} />{eventLabel(ev)}</label>
        ))}
      </fieldset>
      {fieldError('events')}
      <fieldset className="webhook-choices" {...errorProps('serviceIds')}>
        <legend>Services</legend>
        <label className="field-inline"><input type="radio" name={`${id}-scope`} checked={draft.allServices} onChange={() => set({ allServices: true })} />All services</label>
        <label className="field-inline"><input type="radio" name={`${id}-scope`} checked={!draft.allServices} onChange={() => set({ allServices: false })} />Only these:</label>
        {services?.map((s) => (
          <label key={s.id} className="field-inline">
            <input type="checkbox" disabled={draft.allServices} checked={!draft.allServices && draft.serviceIds.includes(s.id)}
              onChange={() => set({ serviceIds: toggled(draft.serviceIds, s.id) })} />{displayText(s.name)}
          </label>
        ))}
      </fieldset>
      {fieldError('serviceIds')}
      <label className="field"><span>Description (optional)</span>
        <input value={draft.description} maxLength={1024} placeholder="#ops channel" {...errorProps('description')} onChange={(e) => set({ description: e.target.value })} />
      </label>
      {fieldError('description')}
      <div className="inline">
        <button type="submit" className="btn btn-primary" disabled={action.running}>{webhook ? 'Save webhook' : 'Create webhook'}</button>
        {onCancel && <button type="button" className="btn" onClick={onCancel}>Cancel</button>}
      </div>
      <ActionMessage message={action.message} failed={action.failed} />
    </form>
  );
}
