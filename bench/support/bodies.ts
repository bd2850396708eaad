// What the benchmark sends: the event a real Alertmanager 0.25 sends to /v2/enqueue (the shape of
// test/integration/fixtures/alertmanager/sample-trigger.json, ~700 bytes) with the dedup key varied, and, for the
// Alertmanager peer, one alert per request on its own API — the same number of alerts as events.

export function enqueueBody(routingKey: string, dedupKey: string): string {
  return JSON.stringify({
    routing_key: routingKey,
    dedup_key: dedupKey,
    event_action: 'trigger',
    payload: {
      summary: `[FIRING:1] BenchAlert (${dedupKey} critical)`,
      source: 'Alertmanager',
      severity: 'error',
      custom_details: {
        firing: `Labels:\n - alertname = BenchAlert\n - instance = ${dedupKey}\n - severity = critical\nAnnotations:\n - summary = benchmark alert\nSource: http://127.0.0.1:9090/graph?g0.expr=vector%281%29\n`,
        num_firing: '1',
        num_resolved: '0',
        resolved: '',
      },
    },
    client: 'Alertmanager',
    client_url: 'http://127.0.0.1:9093/#/alerts?receiver=klaxon',
  }) + '\n';
}

export function alertmanagerBody(instance: string, startsAt: string, endsAt: string): string {
  return JSON.stringify([{
    labels: { alertname: 'BenchAlert', instance, severity: 'critical' },
    annotations: { summary: 'benchmark alert' },
    startsAt,
    endsAt,
    generatorURL: 'http://127.0.0.1:9090/graph?g0.expr=vector%281%29',
  }]);
}
