// A real client: Debian's prometheus-alertmanager with `pagerduty_configs` pointing at a real `klaxon serve`
// (`url` → /v2/enqueue, routing key from `klaxon init`). An alert fires → an incident opens; Alertmanager's
// repeats are deduplicated into it; the alert resolves → the incident resolves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAlertmanager, firingAlert, resolvedAlert, type RunningAlertmanager } from '../support/alertmanager.ts';
import { klaxonInit, makeDataDir, removeDataDir, startKlaxon, eventually, type KlaxonProcess, type InitResult } from './support/klaxon-process.ts';
import { allIncidents, getIncident } from './support/klaxon-api.ts';

let dataDir: string;
let server: KlaxonProcess;
let init: InitResult;
let am: RunningAlertmanager | undefined;

before(async () => {
  dataDir = makeDataDir();
  init = await klaxonInit(dataDir);
  server = await startKlaxon({ dataDir });
  am = await startAlertmanager({
    pagerduty: { routingKey: init.routingKey, url: `${server.baseUrl}/v2/enqueue` },
    // Short intervals so the test sees the first notification, a repeat and the resolve within seconds. Grouped by
    // alertname, the summary reads `[FIRING:1] <alertname> (<other label values>)`.
    groupBy: ['alertname'], groupWait: '1s', groupInterval: '1s', repeatInterval: '2s',
  });
});

after(async () => {
  await am?.stop();
  await server?.stop();
  if (dataDir) removeDataDir(dataDir);
});

test('Alertmanager fires, repeats and resolves an alert: one incident opens, counts the repeats, and resolves', { timeout: 120_000 }, async () => {
  const alert = firingAlert(
    { alertname: 'KlaxonDiskFull', instance: 'db-1:9100', severity: 'critical' },
    { summary: 'Disk /var is 97% full on db-1' },
  );
  await am!.pushAlerts([alert]);

  const title = '[FIRING:1] KlaxonDiskFull (db-1:9100 critical)';
  const failure = () => `\nklaxon log:\n${server.output().slice(-3000)}\nalertmanager log:\n${am!.log().slice(-3000)}`;
  const opened = await eventually(async () => {
    const found = (await allIncidents(server.baseUrl, init.apiKey)).filter((i) => i.title === title);
    return found.length > 0 ? found : undefined;
  }, { timeoutMs: 60_000, what: `an incident titled ${title}` }).catch((e: Error) => { throw new Error(e.message + failure()); });
  assert.equal(opened.length, 1);
  const incident = opened[0]!;
  assert.equal(incident.status, 'triggered');
  assert.equal(incident.urgency, 'HIGH');
  assert.equal(incident.source, 'Alertmanager');
  assert.match(incident.dedupKey ?? '', /^[0-9a-f]{64}$/, "Alertmanager's dedup key: SHA-256 of its group key");
  assert.equal(incident.service.id, init.serviceId);
  assert.match(JSON.stringify(incident.customDetails), /Disk \/var is 97% full on db-1/);

  // Alertmanager re-sends the same trigger every repeat_interval: the count grows, still one incident.
  const repeated = await eventually(async () => {
    const d = await getIncident(server.baseUrl, init.apiKey, incident.id);
    return d.alertCount >= 2 ? d : undefined;
  }, { timeoutMs: 60_000, what: 'a deduplicated repeat' }).catch((e: Error) => { throw new Error(e.message + failure()); });
  assert.equal(repeated.status, 'triggered');
  const withKey = (await allIncidents(server.baseUrl, init.apiKey)).filter((i) => i.dedupKey === incident.dedupKey);
  assert.deepEqual(withKey.map((i) => i.id), [incident.id], 'the repeats did not open another incident');

  await am!.pushAlerts([resolvedAlert(alert)]);
  const resolved = await eventually(async () => {
    const d = await getIncident(server.baseUrl, init.apiKey, incident.id);
    return d.status === 'resolved' ? d : undefined;
  }, { timeoutMs: 60_000, what: 'the incident to resolve' }).catch((e: Error) => { throw new Error(e.message + failure()); });
  assert.ok(resolved.resolvedAt);
  assert.ok(resolved.timeline.some((e) => e.kind === 'resolved'));
  const afterResolve = (await allIncidents(server.baseUrl, init.apiKey)).filter((i) => i.dedupKey === incident.dedupKey);
  assert.deepEqual(afterResolve.map((i) => [i.id, i.status]), [[incident.id, 'resolved']], 'one incident, resolved');
});
