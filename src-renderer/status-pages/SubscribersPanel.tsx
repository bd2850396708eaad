// A status page's subscribers (admin only: it shows their addresses): each email address or webhook URL with its
// state (pending until the address confirms, confirmed, unsubscribed) and since when; Remove asks first; a webhook
// receiver is added by URL, and its `whsec_` signing secret is shown once, to copy, right after (the list never shows
// it: a secret on screen is one a passer-by can read).
import { useCallback, useEffect, useState } from 'react';
import type { Subscriber } from '../../src-shared/schemas/subscribers.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useApi } from '../store/context.tsx';
import { describeError } from '../bridge/bridge-error.ts';
import { formatTime } from '../queue/format.ts';
import { ConfirmAction } from './ConfirmAction.tsx';
import { CopyButton } from '../settings/CopyButton.tsx';
import { ActionMessage, useAction } from '../settings/useAction.tsx';

const addressOf = (s: Subscriber): string => displayText((s.kind === 'email' ? s.email : s.url) ?? s.id);

/** "Confirmed since …": when it reached the state it is in. */
export function stateLine(s: Subscriber): string {
  const since = s.state === 'unsubscribed' ? s.unsubscribedAt : s.state === 'confirmed' ? (s.confirmedAt ?? s.createdAt) : s.createdAt;
  const state = { pending: 'Pending confirmation', confirmed: 'Confirmed', unsubscribed: 'Unsubscribed' }[s.state];
  return `${state} since ${formatTime(since ?? s.createdAt)}`;
}

export function SubscribersPanel({ pageId, pageName }: { pageId: string; pageName: string }) {
  const api = useApi();
  const [list, setList] = useState<Subscriber[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Subscriber | null>(null);
  const [url, setUrl] = useState('');
  const [added, setAdded] = useState<Subscriber | null>(null);
  const action = useAction();
  const put = (s: Subscriber) => setList((cur) => (cur?.some((x) => x.id === s.id) ? cur.map((x) => (x.id === s.id ? s : x)) : [...(cur ?? []), s]));

  const load = useCallback(() => {
    void api.send('statusPages.subscribers', { id: pageId }).then((l) => { setList(l); setLoadError(null); }, (err: unknown) => setLoadError(describeError(err)));
  }, [api, pageId]);
  useEffect(load, [load]);

  const remove = (s: Subscriber) => {
    setRemoving(null);
    void action.run(async () => put(await api.send('statusPages.removeSubscriber', { id: pageId, subscriberId: s.id })), `Removed ${addressOf(s)}`);
  };
  const add = () => {
    setAdded(null);
    void action.run(async () => {
      const s = await api.send('statusPages.addWebhookSubscriber', { id: pageId, url: url.trim() });
      put(s);
      setAdded(s);
      setUrl('');
    }, 'Webhook subscriber added');
  };

  const label = `Subscribers of ${pageName}`;
  return (
    <section className="status-page-subscribers" aria-label={label}>
      <h3>Subscribers</h3>
      {loadError && <p className="form-error" role="alert">{`Subscribers could not be loaded: ${loadError}`}</p>}
      {list === null && !loadError && <p className="muted">Loading…</p>}
      {list?.length === 0 && <p className="muted">No subscribers yet: people subscribe by email on the public page.</p>}
      {list && list.length > 0 && (
        <ul aria-label={label}>
          {list.map((s) => (
            <li key={s.id} aria-label={addressOf(s)}>
              <span className="badge">{s.kind === 'email' ? 'Email' : 'Webhook'}</span> <code>{addressOf(s)}</code>{' '}
              <span className="muted">{stateLine(s)}</span>{' '}
              {s.state !== 'unsubscribed' && (
                <button type="button" className="btn btn-small btn-danger" aria-label={`Remove ${addressOf(s)}`} onClick={() => setRemoving(s)}>Remove</button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="inline" aria-label={`Add a webhook subscriber to ${pageName}`} onSubmit={(e) => { e.preventDefault(); add(); }}>
        <label htmlFor={`sub-url-${pageId}`}>Webhook URL</label>
        <input id={`sub-url-${pageId}`} type="url" value={url} placeholder="https://hooks.example.com/status" spellCheck={false} onChange={(e) => setUrl(e.target.value)} />
        <button type="submit" className="btn btn-small" disabled={action.running || url.trim() === ''}>Add webhook</button>
      </form>
      <ActionMessage message={action.message} failed={action.failed} />
      {added?.secret && (
        <div className="status-page-secret" role="region" aria-label="New webhook secret">
          <p>Its signing secret, shown only now: verify each delivery with it (any Standard Webhooks library).</p>
          <p className="inline"><code aria-label="Signing secret">{added.secret}</code><CopyButton value={added.secret} label="Copy signing secret" /></p>
        </div>
      )}
      {removing && (
        <ConfirmAction title={`Remove the subscriber ${addressOf(removing)}?`} act="Remove" detail="Nothing more is sent to it about this page."
          onConfirm={() => remove(removing)} onCancel={() => setRemoving(null)} />
      )}
    </section>
  );
}
