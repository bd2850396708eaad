// Settings → Webhooks: the outbound subscriptions (issue 11 §2) — each with its URL, format, events and services,
// a Test button that shows how the try went right there, its signing secret and how a receiver verifies with it, and
// its delivery log; a form to add one (its secret shown as soon as it exists). Admin only, as the host requires: a
// session without the admin scope sees the host's refusal instead.
import { useState } from 'react';
import type { CreateWebhook, Webhook, WebhookDelivery } from '../../src-shared/schemas/webhooks.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useAdmin, useApi } from '../store/context.tsx';
import { CopyButton } from '../settings/CopyButton.tsx';
import { Snippet } from '../settings/Snippet.tsx';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import { ConfirmDelete } from '../oncall/ConfirmDelete.tsx';
import { formatTime } from '../queue/format.ts';
import { useWebhooks } from './useWebhooks.ts';
import { WebhookForm, FORMAT_LABELS } from './WebhookForm.tsx';
import { WebhookLog } from './WebhookLog.tsx';
import { Output } from './DeliveryLog.tsx';
import { eventLabel, outcomeLine, webhookLogEntry } from './delivery-log.ts';
import { verifySnippet } from './verify-snippet.ts';
import './integrations.css';

export function WebhooksSection({ refreshMs }: { refreshMs?: { list?: number; log?: number } }) {
  const api = useApi();
  const view = useWebhooks(refreshMs?.list);
  const services = useAdmin((s) => s.services);
  const [created, setCreated] = useState<Webhook | null>(null);
  const create = async (value: CreateWebhook) => {
    const w = await api.send('webhooks.create', value);
    view.put(w);
    setCreated(w);
  };
  return (
    <section className="card" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p className="muted">
        Incident events POSTed to other tools, signed per the Standard Webhooks spec. Each event is sent by the device
        where it happened; the delivery logs here are this device&apos;s.
      </p>
      {view.error && <p className="form-error" role="alert">{`Webhooks could not be loaded: ${view.error}`}</p>}
      {created && <CreatedWebhook webhook={created} onDone={() => setCreated(null)} />}
      {view.webhooks?.length === 0 && <p className="muted">No webhooks yet.</p>}
      {view.webhooks && view.webhooks.length > 0 && (
        <ul className="webhook-list" aria-label="Webhooks">
          {view.webhooks.map((w) => <WebhookItem key={w.id} webhook={w} services={services} onSaved={view.put} onDeleted={view.remove} logRefreshMs={refreshMs?.log} />)}
        </ul>
      )}
      {view.webhooks && <WebhookForm services={services} onSave={create} />}
    </section>
  );
}

function CreatedWebhook({ webhook, onDone }: { webhook: Webhook; onDone: () => void }) {
  return (
    <div className="created-key" role="status" aria-label="New webhook's signing secret">
      <p><strong>Copy the signing secret now</strong> and give it to the receiver: it checks each delivery with it.</p>
      <p className="inline">
        <code className="secret" aria-label="Signing secret">{webhook.secret}</code>
        <CopyButton value={webhook.secret} label="Copy signing secret" />
      </p>
      <Snippet title="Verify a delivery (Node.js)" text={verifySnippet()} />
      <button type="button" className="btn btn-small" onClick={onDone}>I have copied it</button>
    </div>
  );
}

const servicesText = (w: Webhook, services: readonly Service[] | null) => (w.serviceIds.length === 0 ? 'All services'
  : w.serviceIds.map((id) => displayText(services?.find((s) => s.id === id)?.name ?? id)).join(', '));

function WebhookItem({ webhook: w, services, onSaved, onDeleted, logRefreshMs }: {
  webhook: Webhook; services: readonly Service[] | null; onSaved: (w: Webhook) => void; onDeleted: (id: string) => void; logRefreshMs?: number;
}) {
  const api = useApi();
  const url = displayText(w.url);
  const [editing, setEditing] = useState(false);
  const [logOpen, setLogOpen] = useState(false);
  const [secretShown, setSecretShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [tested, setTested] = useState<WebhookDelivery | null>(null);
  const test = useAction();
  const pause = useAction();
  const del = useAction();
  const logId = `webhook-log-${w.id}`;

  const runTest = () => test.run(async () => { setTested(await api.send('webhooks.test', { id: w.id })); }, 'Test sent');
  const save = async (value: CreateWebhook) => {
    onSaved(await api.send('webhooks.update', { id: w.id, patch: { ...value, description: value.description ?? null } }));
    setEditing(false);
  };
  const setEnabled = (enabled: boolean) => pause.run(async () => { onSaved(await api.send('webhooks.update', { id: w.id, patch: { enabled } })); }, enabled ? 'Resumed' : 'Paused');
  const remove = () => {
    setConfirming(false);
    void del.run(async () => { await api.send('webhooks.delete', { id: w.id }); onDeleted(w.id); }, 'Deleted');
  };
  const testEntry = tested && webhookLogEntry(tested, w.url);

  return (
    <li className="webhook" aria-label={url}>
      <h3 className="webhook-url">
        {url} <span className="badge">{FORMAT_LABELS[w.format]}</span>
        {!w.enabled && <span className="badge webhook-paused">Paused: events are not sent</span>}
      </h3>
      {w.description && <p>{displayText(w.description)}</p>}
      <p className="muted">{`Events: ${w.events.map(eventLabel).join(', ')} · Services: ${servicesText(w, services)}`}</p>
      <div className="inline">
        <button type="button" className="btn btn-small" disabled={test.running} aria-label={`Test ${url}`} onClick={() => void runTest()}>{test.running ? 'Sending test…' : 'Test'}</button>
        <button type="button" className="btn btn-small" aria-expanded={logOpen} aria-controls={logId} onClick={() => setLogOpen((o) => !o)}>Delivery log</button>
        <button type="button" className="btn btn-small" aria-label={`${w.enabled ? 'Pause' : 'Resume'} ${url}`} disabled={pause.running}
          onClick={() => void setEnabled(!w.enabled)}>{w.enabled ? 'Pause' : 'Resume'}</button>
        <button type="button" className="btn btn-small" aria-label={`Edit ${url}`} aria-expanded={editing} onClick={() => setEditing((e) => !e)}>Edit</button>
        <button type="button" className="btn btn-small btn-danger" aria-label={`Delete ${url}`} disabled={del.running} onClick={() => setConfirming(true)}>Delete</button>
      </div>
      {test.failed && <ActionMessage message={test.message} failed />}
      <ActionMessage message={pause.failed ? pause.message : null} failed />
      <ActionMessage message={del.failed ? del.message : null} failed />
      {testEntry && (
        <div className="webhook-test" role="status" aria-label={`Test result for ${url}`}>
          <p>{`Test message: ${outcomeLine(testEntry, formatTime)}`}</p>
          {testEntry.output !== null && <Output text={testEntry.output} />}
        </div>
      )}
      <details>
        <summary>Signing secret and how to verify</summary>
        <p className="inline">
          <code className="secret" aria-label={`Signing secret of ${url}`}>{secretShown ? w.secret : 'whsec_••••••••'}</code>
          <button type="button" className="btn btn-small" onClick={() => setSecretShown((s) => !s)}>{secretShown ? 'Hide' : 'Show'}</button>
          <CopyButton value={w.secret} label={`Copy signing secret of ${url}`} />
        </p>
        <Snippet title={`Verify a delivery to ${url} (Node.js)`} text={verifySnippet()} />
      </details>
      {editing && <WebhookForm webhook={w} services={services} onSave={save} onCancel={() => setEditing(false)} />}
      {logOpen && <div id={logId}><WebhookLog webhook={w} pushed={tested} refreshMs={logRefreshMs} /></div>}
      {confirming && (
        <ConfirmDelete what="this webhook" detail={`Nothing more will be sent to ${url}, and deliveries still being retried stop.`}
          onConfirm={remove} onCancel={() => setConfirming(false)} />
      )}
    </li>
  );
}
