// Services: each with its routing key (what monitors send events with), ready-to-paste integrations, and who is
// paged for it (escalation policy, acknowledgement and auto-resolve timeouts, support hours).
import { useState } from 'react';
import { useStore } from 'zustand';
import type { Service, UrgencyRule } from '../../src-shared/schemas/admin.ts';
import type { EscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useAdmin, useStores } from '../store/context.tsx';
import { CopyButton } from './CopyButton.tsx';
import { Snippet } from './Snippet.tsx';
import { alertmanagerSnippet, curlSnippet } from './snippets.ts';
import { ActionMessage, useAction } from './useAction.tsx';
import { useOwnOnCallStore } from '../oncall/context.ts';
import { pagingSummary } from './service-paging.ts';
import { ServicePagingForm } from './ServicePagingForm.tsx';

const RULE_LABELS: Record<UrgencyRule, string> = { severity: 'From severity', high: 'Always high', low: 'Always low' };

export function ServicesSection() {
  const services = useAdmin((s) => s.services);
  const error = useAdmin((s) => s.loadErrors.services);
  const baseUrl = useAdmin((s) => s.host?.baseUrl);
  const directory = useOwnOnCallStore({ directory: true });
  const policies = useStore(directory, (s) => s.policies);
  return (
    <section className="card" aria-labelledby="services-title">
      <h2 id="services-title">Services</h2>
      {error && <p className="form-error" role="alert">{error}</p>}
      {services?.map((s) => <ServiceItem key={s.id} service={s} baseUrl={baseUrl} policies={policies} />)}
      <NewServiceForm />
    </section>
  );
}

function ServiceItem({ service, baseUrl, policies }: { service: Service; baseUrl: string | undefined; policies: readonly EscalationPolicy[] | null }) {
  const name = displayText(service.name);
  return (
    <div className="service" aria-label={name} role="group">
      <h3>{name} <span className="muted">· urgency {RULE_LABELS[service.urgencyRule].toLowerCase()}</span></h3>
      <p className="muted">{pagingSummary(service, policies)}</p>
      <p className="inline">
        <span>Routing key</span> <code className="secret" aria-label={`Routing key of ${name}`}>{service.routingKey}</code>
        <CopyButton value={service.routingKey} label={`Copy routing key of ${name}`} />
      </p>
      {baseUrl && (
        <details>
          <summary>Integration snippets</summary>
          <Snippet title={`curl for ${name}`} text={curlSnippet(baseUrl, service.routingKey)} />
          <Snippet title={`Alertmanager receiver for ${name}`} text={alertmanagerSnippet(baseUrl, service.routingKey)} />
        </details>
      )}
      <details>
        <summary>Paging</summary>
        {/* Keyed by what was saved: a change from elsewhere (another window, a teammate) shows as saved. */}
        <ServicePagingForm key={JSON.stringify([service.escalationPolicyId, service.ackTimeoutMinutes, service.autoResolveMinutes, service.supportHours])} service={service} policies={policies} />
      </details>
    </div>
  );
}

function NewServiceForm() {
  const { api } = useStores();
  const [name, setName] = useState('');
  const [rule, setRule] = useState<UrgencyRule>('severity');
  const action = useAction();
  const submit = async () => {
    if (await action.run(() => api.send('services.create', { name, urgencyRule: rule }), 'Service created')) setName('');
  };
  return (
    <form className="inline-form" aria-label="New service" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <input aria-label="Service name" placeholder="New service name" value={name} onChange={(e) => setName(e.target.value)} />
      <select aria-label="Urgency rule" value={rule} onChange={(e) => setRule(e.target.value as UrgencyRule)}>
        {Object.entries(RULE_LABELS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
      <button type="submit" className="btn" disabled={action.running || name.trim() === ''}>Add service</button>
      <ActionMessage message={action.message} failed={action.failed} />
    </form>
  );
}
