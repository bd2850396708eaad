// Prometheus metrics at /metrics: a scraper needs a key with the metrics:read scope, unless metrics are made public
// here (for a scraper that cannot send a key; then anyone who reaches the listener sees how many incidents are open
// and how many people are on call). With the scrape job to paste into prometheus.yml.
import { useState } from 'react';
import { useAdmin, useStores } from '../store/context.tsx';
import { ActionMessage, useAction } from './useAction.tsx';
import { Snippet } from './Snippet.tsx';
import { prometheusSnippet } from './snippets.ts';

export function MetricsSection() {
  const settings = useAdmin((s) => s.settings);
  const host = useAdmin((s) => s.host);
  if (!settings || !host) return null;
  return <MetricsForm key={String(settings.metrics.public)} initialPublic={settings.metrics.public} baseUrl={host.baseUrl} />;
}

export function MetricsForm({ initialPublic, baseUrl }: { initialPublic: boolean; baseUrl: string }) {
  const { api } = useStores();
  const [open, setOpen] = useState(initialPublic);
  const action = useAction();
  return (
    <form className="card" aria-labelledby="metrics-title" onSubmit={(e) => { e.preventDefault(); void action.run(() => api.send('settings.update', { metrics: { public: open } })); }}>
      <h2 id="metrics-title">Prometheus metrics</h2>
      <p className="muted">Scrape <code>/metrics</code> with an API key that has the <code>metrics:read</code> scope.</p>
      <label className="field-inline"><input type="checkbox" checked={open} onChange={(e) => setOpen(e.target.checked)} /><span>Public: no key needed</span></label>
      {open && <p className="warning">Anyone who can reach this listener will see how many incidents are open and how many people are on call.</p>}
      <button type="submit" className="btn" disabled={action.running || open === initialPublic}>Save metrics</button>
      <ActionMessage message={action.message} failed={action.failed} />
      <Snippet title="Prometheus scrape job" text={prometheusSnippet(baseUrl, open)} />
    </form>
  );
}
