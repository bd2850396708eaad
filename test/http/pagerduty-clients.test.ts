// What real monitoring tools send to PagerDuty (test/http/fixtures/pagerduty-clients: each request as the tool's own
// code builds it — method, path, headers, body bytes — with the repository, file and commit it came from), sent byte
// for byte to a real Klaxon over HTTP. Each must get what that tool counts as success, and afterwards the incident (or
// change) must be listed as a user of that tool would expect: opened with its summary, acknowledged, resolved — or,
// where the tool's own event matches nothing, left as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'pagerduty-clients');

type Status = number[] | '2xx' | '<400';
interface IncidentCheck { dedupKey: string; status: string; title?: string; severity?: string; source?: string; urgency?: string }
interface ChangeCheck { summary: string; source?: string; timestamp?: string; happenedAt?: string; links?: number }
type After = { incident: IncidentCheck } | { noIncident: string } | { change: ChangeCheck };
/** `status` and `needs`, where given, are that request's own (a library with a function per API checks each its own way). */
interface ClientRequest { name: string; method: string; path: string; headers: [string, string][]; body: string; status?: Status; needs?: string[]; after: After[] }
interface Fixture {
  tool: string;
  sources: { repository: string; path: string; commit: string }[];
  how: string;
  pointAtKlaxon: string;
  success: { status: Status; json?: Record<string, string>; needs?: string[]; note: string };
  routingKey: string;
  requests: ClientRequest[];
}

interface Answer { status: number; text: string; json: Record<string, unknown> | null }

/** One request exactly as the fixture has it: its headers in its order, plus Host and Content-Length as a client adds them. */
function send(baseUrl: string, r: ClientRequest, body: string): Promise<Answer> {
  const url = new URL(baseUrl);
  const bytes = Buffer.from(body, 'utf8');
  const headers: [string, string][] = [['Host', url.host], ...r.headers, ['Content-Length', String(bytes.length)]];
  const expectContinue = r.headers.some(([k, v]) => k.toLowerCase() === 'expect' && v.toLowerCase() === '100-continue');
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers: headers.flat(), timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> | null = null;
        try { json = JSON.parse(text) as Record<string, unknown>; } catch { /* not JSON */ }
        resolve({ status: res.statusCode ?? 0, text, json });
      });
    });
    req.on('error', reject);
    // libcurl waits for "100 Continue" before it sends the body (Healthchecks' uploads): so does this.
    if (expectContinue) req.on('continue', () => req.end(bytes));
    else req.end(bytes);
  });
}

function assertSuccess(status: Status, answer: Answer, what: string): void {
  if (status === '2xx') assert.ok(answer.status >= 200 && answer.status < 300, `${what}: ${answer.status} ${answer.text}`);
  else if (status === '<400') assert.ok(answer.status < 400, `${what}: ${answer.status} ${answer.text}`);
  else assert.ok(status.includes(answer.status), `${what}: ${answer.status} is not one of ${status.join(', ')}: ${answer.text}`);
}

let server: TestServer;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

test('there is a fixture for every tool the issue names, each citing repository, file and commit', () => {
  for (const tool of ['grafana', 'uptime-kuma', 'zabbix', 'checkmk', 'healthchecks', 'pdagent-nagios', 'pdagent-icinga2', 'alertmanager', 'pagerduty-nagios-pl']) {
    assert.ok(files.includes(`${tool}.json`), `${tool}.json`);
  }
  for (const file of files) {
    const fx = JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Fixture;
    assert.ok(fx.sources.length > 0, file);
    for (const s of fx.sources) {
      assert.match(s.repository, /^[\w.-]+\/[\w.-]+$/, `${file}: repository`);
      assert.ok(s.path && !s.path.startsWith('/'), `${file}: a path in the repository, not on a machine`);
      assert.match(s.commit, /^[0-9a-f]{40}$/, `${file}: commit`);
    }
    assert.ok(fx.how && fx.pointAtKlaxon && fx.success.note, `${file} says how it was made, how to point the tool at Klaxon, and what it counts as success`);
  }
});

for (const file of files) {
  const fx = JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Fixture;
  test(`${fx.tool} (${file}): every request gets what the tool counts as success, and the incidents are as its user expects`, async () => {
    // A service of its own, so one tool's dedup keys never meet another's.
    const service = await server.klaxon.engine.createService({ name: fx.tool, urgencyRule: 'severity', suppressionRules: [] });
    const answers: Answer[] = [];
    const key = (k: string) => k.replace(/\$answer:(\d+)/, (_m, i: string) => String(answers[Number(i)]?.json?.dedup_key ?? ''));
    const incidentsWith = async (dedupKey: string) => {
      const list = await fetchJson(server.baseUrl, `/api/incidents?serviceId=${service.id}&limit=200`, { key: server.adminKey });
      assert.equal(list.status, 200, list.text);
      return (list.body.incidents as { dedupKey: string }[]).filter((i) => i.dedupKey === dedupKey) as unknown as Record<string, unknown>[];
    };

    for (const r of fx.requests) {
      const body = key(r.body.replaceAll(fx.routingKey, service.routingKey));
      const answer = await send(server.baseUrl, r, body);
      answers.push(answer);
      const what = `${fx.tool}: ${r.name}`;
      assertSuccess(r.status ?? fx.success.status, answer, what);
      for (const [field, value] of Object.entries(fx.success.json ?? {})) assert.equal(answer.json?.[field], value, `${what}: ${answer.text}`);
      for (const field of r.needs ?? fx.success.needs ?? []) assert.equal(typeof answer.json?.[field], 'string', `${what} needs ${field} in the answer: ${answer.text}`);

      for (const check of r.after) {
        if ('incident' in check) {
          const c = check.incident;
          const dedupKey = key(c.dedupKey);
          assert.ok(dedupKey, `${what}: a dedup key to look for`);
          const found = await incidentsWith(dedupKey);
          // After a resolve the same key may open a new incident: the newest is the one the tool's event touched.
          const incident = found[0];
          assert.ok(incident, `${what}: an incident with dedup key ${dedupKey}`);
          assert.equal(incident.status, c.status, `${what}: status`);
          assert.equal(found.filter((i) => i.status !== 'resolved').length, c.status === 'resolved' ? 0 : 1, `${what}: one open incident for the key`);
          if (c.title !== undefined) assert.equal(incident.title, c.title, `${what}: title`);
          if (c.severity !== undefined) assert.equal(incident.severity, c.severity, `${what}: severity`);
          if (c.source !== undefined) assert.equal(incident.source, c.source, `${what}: source`);
          if (c.urgency !== undefined) assert.equal(incident.urgency, c.urgency, `${what}: urgency`);
        } else if ('noIncident' in check) {
          assert.deepEqual(await incidentsWith(check.noIncident), [], `${what}: nothing opened for ${check.noIncident}`);
        } else {
          const c = check.change;
          const list = await fetchJson(server.baseUrl, `/api/changes?serviceId=${service.id}`, { key: server.adminKey });
          assert.equal(list.status, 200, list.text);
          const change = (list.body.changes as Record<string, unknown>[]).find((x) => x.summary === c.summary);
          assert.ok(change, `${what}: the change is listed`);
          assert.equal(answer.json?.id, change.id, `${what}: the answer names the change`);
          if (c.source !== undefined) assert.equal(change.source, c.source);
          if (c.timestamp !== undefined) assert.equal(change.timestamp, c.timestamp, 'the timestamp is kept as sent');
          if (c.happenedAt !== undefined) assert.equal(change.happenedAt, c.happenedAt);
          if (c.links !== undefined) assert.equal((change.links as unknown[]).length, c.links);
        }
      }
    }
  });
}
