// What a real Alertmanager 0.25 sends, posted byte for byte to a real `klaxon serve`: every trigger opens an incident
// with the alert's summary as its title and every field Alertmanager filled in kept; identical re-sends (Alertmanager
// repeats a trigger every group/repeat interval) are deduplicated; the resolve closes the incident.
// The bodies are the captured ones in fixtures/alertmanager; only the routing key is swapped for this server's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { klaxonInit, makeDataDir, removeDataDir, startKlaxon, type KlaxonProcess, type InitResult } from './support/klaxon-process.ts';
import { enqueue, getIncident, incidentsWithDedupKey } from './support/klaxon-api.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'alertmanager');
const CAPTURED_ROUTING_KEY = '"routing_key":"test-routing-key"';

let dataDir: string;
let server: KlaxonProcess;
let init: InitResult;

before(async () => {
  dataDir = makeDataDir();
  init = await klaxonInit(dataDir);
  server = await startKlaxon({ dataDir });
});

after(async () => {
  await server?.stop();
  if (dataDir) removeDataDir(dataDir);
});

/** The captured body with only the routing key replaced; everything else (spacing, escapes, newline) as captured. */
function fixtureBody(name: string): { raw: string; json: Record<string, unknown> & { dedup_key: string; payload: Record<string, unknown> } } {
  const captured = readFileSync(path.join(fixtures, name), 'utf8');
  assert.ok(captured.includes(CAPTURED_ROUTING_KEY), `${name} carries the captured routing key`);
  assert.ok(captured.endsWith('}\n'), `${name} keeps Alertmanager's trailing newline`);
  const raw = captured.replace(CAPTURED_ROUTING_KEY, `"routing_key":${JSON.stringify(init.routingKey)}`);
  return { raw, json: JSON.parse(raw) };
}

async function openIncidentFor(dedupKey: string) {
  const open = (await incidentsWithDedupKey(server.baseUrl, init.apiKey, dedupKey)).filter((i) => i.status === 'triggered');
  assert.equal(open.length, 1, `exactly one open incident for ${dedupKey}`);
  return open[0]!;
}

const pairs = [
  { name: 'default pagerduty_configs', trigger: 'sample-trigger.json', resolve: 'sample-resolve.json', rich: false },
  { name: 'rich pagerduty_configs (class, component, group, links, images)', trigger: 'sample-rich-trigger.json', resolve: 'sample-rich-resolve.json', rich: true },
  { name: 'a Prometheus rule through Alertmanager', trigger: 'sample-prometheus-trigger.json', resolve: 'sample-prometheus-resolve.json', rich: false },
];

// The default and rich samples share one dedup key (same alert group): run in order, each resolving before the next
// triggers, which also proves that a key re-used after resolve opens a new incident.
for (const pair of pairs) {
  test(`Alertmanager fixture: ${pair.name} — trigger, identical re-send, resolve`, async () => {
    const trigger = fixtureBody(pair.trigger);
    const key = trigger.json.dedup_key;
    const earlier = await incidentsWithDedupKey(server.baseUrl, init.apiKey, key);

    const first = await enqueue(server.baseUrl, trigger.raw);
    assert.equal(first.status, 202);
    assert.deepEqual(first.body, { status: 'success', message: 'Event processed', dedup_key: key });

    const incident = await openIncidentFor(key);
    assert.ok(!earlier.some((i) => i.id === incident.id), 'a new incident, not an older resolved one');
    const payload = trigger.json.payload;
    assert.equal(incident.title, payload.summary);
    assert.equal(incident.status, 'triggered');
    assert.equal(incident.source, payload.source);
    assert.equal(incident.severity, payload.severity);
    assert.equal(incident.urgency, 'HIGH', `severity ${String(payload.severity)} pages with HIGH urgency`);
    assert.equal(incident.alertCount, 1);
    assert.deepEqual(incident.customDetails, payload.custom_details);
    assert.equal(incident.extra?.client, 'Alertmanager');
    assert.equal(incident.extra?.client_url, trigger.json.client_url);
    if (pair.rich) {
      assert.equal(incident.extra?.component, payload.component);
      assert.equal(incident.extra?.group, payload.group);
      assert.equal(incident.extra?.class, payload.class);
      assert.deepEqual(incident.extra?.links, trigger.json.links);
      assert.deepEqual(incident.extra?.images, trigger.json.images);
    }

    // Alertmanager re-sends the identical trigger every repeat_interval: one incident, counted, not re-opened.
    const again = await enqueue(server.baseUrl, trigger.raw);
    assert.equal(again.status, 202);
    const deduped = await openIncidentFor(key);
    assert.equal(deduped.id, incident.id);
    assert.equal(deduped.alertCount, 2);

    const resolve = fixtureBody(pair.resolve);
    assert.equal(resolve.json.dedup_key, key, 'Alertmanager resolves with the trigger\'s dedup key');
    const closed = await enqueue(server.baseUrl, resolve.raw);
    assert.equal(closed.status, 202);
    assert.deepEqual(closed.body, { status: 'success', message: 'Event processed', dedup_key: key });

    const detail = await getIncident(server.baseUrl, init.apiKey, incident.id);
    assert.equal(detail.status, 'resolved');
    assert.ok(detail.resolvedAt, 'resolvedAt is set');
    assert.ok(detail.timeline.some((e) => e.kind === 'resolved'), 'the timeline shows the resolve');
    assert.equal(detail.title, payload.summary, 'the [RESOLVED] summary does not rename the incident');

    // A resolve that Alertmanager retries (it got no answer in time) changes nothing and still succeeds.
    const retried = await enqueue(server.baseUrl, resolve.raw);
    assert.equal(retried.status, 202);
    const all = await incidentsWithDedupKey(server.baseUrl, init.apiKey, key);
    assert.equal(all.filter((i) => i.status !== 'resolved').length, 0, 'nothing re-opened');
  });
}
