// No open incidents: teach the first event, with this machine's real routing key and port, so the next thing a
// newcomer sees is their own incident arriving in this list.
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useAdmin } from '../store/context.tsx';
import { hrefFor } from '../app/router.ts';
import { Snippet } from '../settings/Snippet.tsx';
import { alertmanagerSnippet, curlSnippet } from '../settings/snippets.ts';

export function EmptyState() {
  const services = useAdmin((s) => s.services);
  const host = useAdmin((s) => s.host);
  const service = services?.[0];
  return (
    <section className="empty" aria-label="No open incidents">
      <h2>No open incidents</h2>
      {!service || !host ? (
        <p>
          Nothing is on fire. To receive alerts, create a service in <a href={hrefFor({ name: 'settings' })}>Settings</a>:
          each service has a routing key that monitors send events with.
        </p>
      ) : (
        <>
          <p>
            Nothing is on fire. Send a first event to see how an alert arrives: run this in a terminal on this
            machine. It uses the routing key of <strong>{displayText(service.name)}</strong> and Klaxon’s port {host.listen.port}.
          </p>
          <Snippet title="First event (curl)" text={curlSnippet(host.baseUrl, service.routingKey)} />
          <p>Point Prometheus Alertmanager at Klaxon with this receiver:</p>
          <Snippet title="Alertmanager receiver" text={alertmanagerSnippet(host.baseUrl, service.routingKey)} />
          <p>More services, API keys and notification preferences are in <a href={hrefFor({ name: 'settings' })}>Settings</a>.</p>
        </>
      )}
    </section>
  );
}
