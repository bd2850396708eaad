// Ready-to-paste integrations: for a service, a curl that opens a first incident and an Alertmanager receiver (both
// use the PagerDuty-compatible endpoint, where the routing key is the only credential a monitor needs); for the
// host, a Prometheus scrape job.

/** A host that listens on every interface is reached on loopback from this machine. */
export function reachableBaseUrl(baseUrl: string): string {
  return baseUrl.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://[::1]');
}

export function curlSnippet(baseUrl: string, routingKey: string): string {
  const body = JSON.stringify({
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: 'my-first-alert',
    payload: { summary: 'My first alert', source: 'curl', severity: 'critical' },
  }, null, 2).replace(/\n/g, '\n  ');
  return [
    `curl -X POST ${reachableBaseUrl(baseUrl)}/v2/enqueue \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${body}'`,
  ].join('\n');
}

export function alertmanagerSnippet(baseUrl: string, routingKey: string): string {
  return [
    'route:',
    '  receiver: klaxon',
    'receivers:',
    '  - name: klaxon',
    '    pagerduty_configs:',
    `      - routing_key: ${routingKey}`,
    `        url: ${reachableBaseUrl(baseUrl)}/v2/enqueue`,
    '        send_resolved: true',
  ].join('\n');
}

/** A Prometheus scrape job for this host's /metrics; the key (one with metrics:read) unless metrics are public. */
export function prometheusSnippet(baseUrl: string, open: boolean): string {
  return [
    'scrape_configs:',
    '  - job_name: klaxon',
    ...(open ? [] : ['    authorization:', '      credentials: <an API key with the metrics:read scope>']),
    '    static_configs:',
    `      - targets: ['${new URL(reachableBaseUrl(baseUrl)).host}']`,
  ].join('\n');
}
