// A real scraper: Debian's `prometheus` with a scrape config pointing at a real `klaxon serve` on 127.0.0.1, with a
// `metrics:read` key made by `klaxon keys create` as its bearer credentials (the README's example). Prometheus
// scrapes, and its own query API shows Klaxon's open incidents and events as Klaxon counted them; a second job
// without the key is refused (401) and shows the target down.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPrometheus, type RunningPrometheus, type Sample } from '../support/prometheus.ts';
import { klaxonInit, makeDataDir, removeDataDir, runKlaxon, startKlaxon, eventually, type KlaxonProcess, type InitResult } from './support/klaxon-process.ts';
import { enqueue } from './support/klaxon-api.ts';

let dataDir: string;
let server: KlaxonProcess;
let init: InitResult;
let prometheus: RunningPrometheus | undefined;
let metricsKey: string;

before(async () => {
  dataDir = makeDataDir();
  init = await klaxonInit(dataDir);
  server = await startKlaxon({ dataDir });
  const created = await runKlaxon(['keys', 'create', '--scopes', 'metrics:read', '--name', 'prometheus', '--json', '--data-dir', dataDir]);
  metricsKey = (JSON.parse(created.stdout) as { key: string; scopes: string[] }).key;
  const target = `127.0.0.1:${server.port}`;
  prometheus = await startPrometheus([
    { name: 'klaxon', target, credentials: metricsKey },
    { name: 'klaxon-without-key', target },
  ]);
});

after(async () => {
  await prometheus?.stop();
  await server?.stop();
  if (dataDir) removeDataDir(dataDir);
});

const failure = () => `\nklaxon log:\n${server.output().slice(-3000)}\nprometheus log:\n${prometheus!.log().slice(-3000)}`;

async function trigger(dedupKey: string, severity: 'critical' | 'info'): Promise<void> {
  const res = await enqueue(server.baseUrl, { routing_key: init.routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary: dedupKey, source: 'db-1', severity } });
  assert.equal(res.status, 202, JSON.stringify(res.body));
}

/** `klaxon_open_incidents` as Prometheus last scraped it: `status/urgency` → value, once it matches `want`. */
async function openIncidentsSeen(want: Record<string, number>): Promise<Record<string, number>> {
  let last: Record<string, number> = {};
  return eventually(async () => {
    const samples: Sample[] = await prometheus!.query('klaxon_open_incidents{job="klaxon"}');
    last = Object.fromEntries(samples.map((s) => [`${s.metric.status}/${s.metric.urgency}`, Number(s.value)]));
    return Object.entries(want).every(([k, v]) => last[k] === v) ? last : undefined;
  }, { timeoutMs: 30_000, what: `Prometheus to see open incidents ${JSON.stringify(want)}` })
    .catch((e: Error) => { throw new Error(`${e.message}; last seen ${JSON.stringify(last)}${failure()}`); });
}

test('Prometheus scrapes /metrics with a metrics:read key: its query API shows the open incidents by status and urgency, and follows them', { timeout: 120_000 }, async () => {
  await trigger('disk-full', 'critical');
  await trigger('replication-lag', 'critical');
  await trigger('cert-expiry', 'info');
  await trigger('disk-full', 'critical');
  const list = await fetch(`${server.baseUrl}/api/incidents?limit=10`, { headers: { authorization: `Bearer ${init.apiKey}` } });
  const lag = ((await list.json()) as { incidents: { id: string; dedupKey: string }[] }).incidents.find((i) => i.dedupKey === 'replication-lag')!;
  const ack = await fetch(`${server.baseUrl}/api/incidents/${lag.id}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${init.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'acknowledged' }),
  });
  assert.equal(ack.status, 200);

  const seen = await openIncidentsSeen({ 'triggered/HIGH': 1, 'acknowledged/HIGH': 1, 'triggered/LOW': 1 });
  assert.equal(Object.keys(seen).length, 8, 'every open status × urgency is a series, zeros included');
  assert.equal(seen['snoozed/HIGH'], 0);
  assert.equal(seen['resolved/HIGH'], undefined, 'resolved incidents are not open');

  // The events as Klaxon counted them, through Prometheus: three taken, one repeat folded into its incident.
  const events = await prometheus!.query('sum by (outcome) (klaxon_events_received_total{job="klaxon",endpoint="/v2/enqueue"})');
  assert.deepEqual(Object.fromEntries(events.map((s) => [s.metric.outcome, Number(s.value)])), { accepted: 3, deduplicated: 1 });
  const answered = await prometheus!.query('klaxon_ingest_duration_seconds_count{job="klaxon",endpoint="/v2/enqueue"}');
  assert.equal(Number(answered[0]?.value), 4, 'each 2xx is one observation of the latency histogram');

  // A new incident shows at a later scrape: Prometheus follows Klaxon, not one snapshot.
  await trigger('queue-backlog', 'critical');
  await openIncidentsSeen({ 'triggered/HIGH': 2, 'acknowledged/HIGH': 1, 'triggered/LOW': 1 });
});

test('a scrape without the key is refused: Prometheus shows that target down with a 401, the keyed one up', { timeout: 60_000 }, async () => {
  const targets = await eventually(async () => {
    const all = await prometheus!.targets();
    const byJob = new Map(all.map((t) => [t.labels.job, t]));
    const withKey = byJob.get('klaxon');
    const without = byJob.get('klaxon-without-key');
    return withKey?.health === 'up' && without?.health === 'down' ? { withKey, without } : undefined;
  }, { timeoutMs: 30_000, what: 'both targets scraped' }).catch((e: Error) => { throw new Error(e.message + failure()); });
  assert.match(targets.without.lastError, /401/);
  assert.equal(targets.withKey.lastError, '');
  const up = await prometheus!.query('up');
  assert.deepEqual(Object.fromEntries(up.map((s) => [s.metric.job, s.value])), { klaxon: '1', 'klaxon-without-key': '0' });
});
