// What PagerDuty accepts, Klaxon accepts: each leniency of PagerDuty's Events API, one table row at a time, on
// /v2/enqueue (202) and the v1 generic endpoint (200): the routing key in X-Routing-Key, a trailing slash, JSON under
// any Content-Type or none, no User-Agent, empty or null optional fields, keys of any printable characters, long
// summaries cut and kept, custom_details of any JSON type, timestamps kept as sent, acknowledge/resolve without (or
// with a sloppy) payload, and ones that match nothing. What is truly invalid stays a 400 in PagerDuty's shape;
// trouble the sender can retry is a 503 with Retry-After, never another 5xx.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { receiverWith } from '../support/receiver-with.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';

const V2 = '/v2/enqueue';
const V1 = '/generic/2010-04-15/create_event.json';

/** A POST with exactly these headers (fetch would add a User-Agent and a Content-Type of its own). */
function post(baseUrl: string, path: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const url = new URL(path, baseUrl);
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-length': String(bytes.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

describe('PagerDuty\'s leniencies', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  const json = (v: unknown) => JSON.stringify(v);
  const trigger = (dedupKey: string | null | undefined, more: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) => ({
    routing_key: server.routingKey, event_action: 'trigger', ...(dedupKey === undefined ? {} : { dedup_key: dedupKey }),
    payload: { summary: `Alert ${dedupKey}`, source: 'rules-test', severity: 'critical', ...payload }, ...more,
  });
  const v1 = (incidentKey: string | undefined, type = 'trigger', more: Record<string, unknown> = {}) => ({
    service_key: server.routingKey, event_type: type, ...(incidentKey === undefined ? {} : { incident_key: incidentKey }), description: `v1 ${incidentKey}`, ...more,
  });
  const incidents = async (dedupKey: string) =>
    ((await fetchJson(server.baseUrl, `/api/incidents?serviceId=${server.serviceId}&limit=200`, { key: server.adminKey })).body.incidents as Record<string, unknown>[])
      .filter((i) => i.dedupKey === dedupKey);
  const only = async (dedupKey: string) => {
    const found = await incidents(dedupKey);
    assert.equal(found.length, 1, `one incident for ${dedupKey}`);
    return (await fetchJson(server.baseUrl, `/api/incidents/${String(found[0]!.id)}`, { key: server.adminKey })).body as Record<string, unknown>;
  };

  it('v1: trigger, acknowledge and resolve answer 200 {"status":"success","message":"Event processed","incident_key"} and act', async () => {
    const t = await post(server.baseUrl, V1, json(v1('v1-life', 'trigger', { details: { disk: '/var' }, client: 'cron', client_url: 'https://cron.example.com' })), { 'content-type': 'application/json' });
    assert.equal(t.status, 200);
    assert.deepEqual(t.body, { status: 'success', message: 'Event processed', incident_key: 'v1-life' });
    const inc = await only('v1-life');
    assert.equal(inc.title, 'v1 v1-life');
    assert.equal(inc.source, 'cron', 'v1 has no source: the client that sent it');
    assert.equal(inc.severity, 'error', 'v1 has no severity: PagerDuty\'s default');
    assert.equal(inc.urgency, 'HIGH');
    assert.deepEqual(inc.customDetails, { disk: '/var' });
    assert.equal((inc.extra as Record<string, unknown>).client_url, 'https://cron.example.com');
    for (const [type, status] of [['acknowledge', 'acknowledged'], ['resolve', 'resolved']] as const) {
      const r = await post(server.baseUrl, V1, json({ service_key: server.routingKey, event_type: type, incident_key: 'v1-life' }), { 'content-type': 'application/json' });
      assert.equal(r.status, 200);
      assert.equal(r.body.incident_key, 'v1-life');
      assert.equal((await only('v1-life')).status, status);
    }
  });

  it('v1: contexts become the incident\'s links and images; a trigger without incident_key gets one, and can resolve with it', async () => {
    const contexts = [{ type: 'link', href: 'https://grafana.example.com/d/1', text: 'Dashboard' }, { type: 'image', src: 'https://grafana.example.com/render/1.png' }];
    const r = await post(server.baseUrl, V1, json(v1(undefined, 'trigger', { contexts })), { 'content-type': 'application/json' });
    assert.equal(r.status, 200);
    const key = String(r.body.incident_key);
    assert.ok(key.length > 0, 'a generated incident key');
    const extra = (await only(key)).extra as Record<string, unknown>;
    assert.deepEqual(extra.links, [contexts[0]]);
    assert.deepEqual(extra.images, [contexts[1]]);
    assert.equal((await post(server.baseUrl, V1, json(v1(key, 'resolve')))).status, 200);
    assert.equal((await only(key)).status, 'resolved');
  });

  it('the routing key in an X-Routing-Key header when the body has none (v2, v1 and change events); the body\'s wins', async () => {
    const { routing_key: _drop, ...noKey } = trigger('header-key');
    const r = await post(server.baseUrl, V2, json(noKey), { 'content-type': 'application/json', 'x-routing-key': server.routingKey });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal((await only('header-key')).status, 'triggered');
    const { service_key: _drop1, ...noServiceKey } = v1('header-key-v1');
    assert.equal((await post(server.baseUrl, V1, json(noServiceKey), { 'x-routing-key': server.routingKey })).status, 200);
    assert.equal((await only('header-key-v1')).status, 'triggered');
    const change = await post(server.baseUrl, '/v2/change/enqueue', json({ payload: { summary: 'deploy by header' } }), { 'x-routing-key': server.routingKey });
    assert.equal(change.status, 202, JSON.stringify(change.body));
    // A body that names its key is not overridden by a stray header.
    const both = await post(server.baseUrl, V2, json(trigger('body-key-wins')), { 'x-routing-key': 'not-a-key' });
    assert.equal(both.status, 202);
    const neither = await post(server.baseUrl, V2, json(noKey), { 'x-routing-key': 'no-such-key-anywhere' });
    assert.equal(neither.status, 400);
    assert.deepEqual(neither.body, { status: 'invalid event', message: 'Invalid routing key', errors: ['Invalid routing key'] });
  });

  it('a trailing slash on every PagerDuty path', async () => {
    assert.equal((await post(server.baseUrl, `${V2}/`, json(trigger('slash-v2')))).status, 202);
    assert.equal((await post(server.baseUrl, `${V1}/`, json(v1('slash-v1')))).status, 200);
    assert.equal((await post(server.baseUrl, '/v2/change/enqueue/', json({ routing_key: server.routingKey, payload: { summary: 'slash change' } }))).status, 202);
    const form = `CONTACTPAGER=${server.routingKey}&NOTIFICATIONTYPE=PROBLEM&HOSTNAME=slash-host&HOSTSTATE=DOWN`;
    assert.equal((await post(server.baseUrl, '/nagios/2010-04-15/create_event/', form, { 'content-type': 'application/x-www-form-urlencoded' })).status, 200);
    assert.equal((await only('slash-v2')).status, 'triggered');
    assert.equal((await only('slash-v1')).status, 'triggered');
  });

  it('a JSON body under any Content-Type, or none, and without a User-Agent', async () => {
    const types: (string | undefined)[] = [undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded',
      'application/octet-stream', 'application/vnd.pagerduty+json;version=2', 'multipart/form-data; boundary=x'];
    for (const [i, type] of types.entries()) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      const r = await post(server.baseUrl, V2, json(trigger(`ctype-${i}`)), headers);
      assert.equal(r.status, 202, `${type ?? 'no Content-Type'}: ${JSON.stringify(r.body)}`);
      assert.equal((await post(server.baseUrl, V1, json(v1(`ctype-v1-${i}`)), headers)).status, 200, `v1, ${type ?? 'no Content-Type'}`);
    }
    // A byte-order mark (some Windows tools write one) is not taken for bad JSON.
    assert.equal((await post(server.baseUrl, V2, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json(trigger('with-bom')))]))).status, 202);
    for (let i = 0; i < types.length; i++) assert.equal((await only(`ctype-${i}`)).status, 'triggered');
    // What is not JSON at all is still refused, in PagerDuty's shape.
    const junk = await post(server.baseUrl, V2, 'routing_key=x&event_action=trigger', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(junk.status, 400);
    assert.equal(junk.body.status, 'invalid event');
  });

  it('an empty or null dedup_key (v1: incident_key) is absent: a key is generated, returned, and names the incident', async () => {
    for (const blank of ['', null]) {
      const r = await post(server.baseUrl, V2, json(trigger(blank, {}, { summary: `blank key ${String(blank)}` })));
      assert.equal(r.status, 202, JSON.stringify(r.body));
      const key = String(r.body.dedup_key);
      assert.match(key, /^[0-9a-f]{32}$/);
      assert.equal((await only(key)).title, `blank key ${String(blank)}`);
      assert.equal((await post(server.baseUrl, V2, json({ routing_key: server.routingKey, event_action: 'resolve', dedup_key: key }))).status, 202);
      assert.equal((await only(key)).status, 'resolved');
    }
    const r1 = await post(server.baseUrl, V1, json(v1('', 'trigger')));
    assert.equal(r1.status, 200);
    assert.match(String(r1.body.incident_key), /^[0-9a-f]{32}$/);
    // Acknowledge and resolve must still name what they act on.
    const ack = await post(server.baseUrl, V2, json({ routing_key: server.routingKey, event_action: 'acknowledge', dedup_key: '' }));
    assert.equal(ack.status, 400);
    assert.ok((ack.body.errors as string[]).some((e) => e.startsWith('dedup_key')));
  });

  it('dedup keys of any printable characters (255 at most) trigger, acknowledge and resolve one incident', async () => {
    const keys = ['event_source=service;host_name=web-1;service_desc=HTTP', 'CPUload/web-1:10.0.0.21', 'Uptime Kuma/1', 'spaces and "quotes" \\ back',
      'ünïcödé ключ 鍵 🔥', '%2F%zz?&#=+', '13502-Zabbix server', 'k'.repeat(255)];
    for (const k of keys) {
      assert.equal((await post(server.baseUrl, V2, json(trigger(k)))).status, 202, k);
      assert.equal((await post(server.baseUrl, V2, json({ routing_key: server.routingKey, event_action: 'acknowledge', dedup_key: k }))).status, 202);
      assert.equal((await only(k)).status, 'acknowledged', k);
      assert.equal((await post(server.baseUrl, V1, json({ service_key: server.routingKey, event_type: 'resolve', incident_key: k }))).status, 200);
      assert.equal((await only(k)).status, 'resolved', k);
    }
    assert.equal((await post(server.baseUrl, V2, json(trigger('k'.repeat(256))))).status, 400, 'PagerDuty\'s limit is 255');
  });

  it('a summary (v1: description) or source longer than PagerDuty\'s 1024 is cut to 1024 characters and kept', async () => {
    // The cut counts characters, not UTF-16 units: an emoji at the limit is kept whole.
    const long = `${'s'.repeat(1023)}🔥${'tail'.repeat(100)}`;
    assert.equal((await post(server.baseUrl, V2, json(trigger('long-summary', {}, { summary: long, source: 'h'.repeat(2000) })))).status, 202);
    const inc = await only('long-summary');
    assert.equal(inc.title, `${'s'.repeat(1023)}🔥`);
    assert.equal(inc.source, 'h'.repeat(1024));
    assert.equal((await post(server.baseUrl, V1, json(v1('long-description', 'trigger', { description: 'd'.repeat(5000) })))).status, 200);
    assert.equal((await only('long-description')).title, 'd'.repeat(1024));
  });

  it('custom_details (v1: details) of any JSON type are kept as sent', async () => {
    const values: unknown[] = ['a plain string', 42, 0.75, true, null, ['a', 1, { b: 2 }], { nested: { deeper: [1, 2, 3] } }, ''];
    for (const [i, value] of values.entries()) {
      assert.equal((await post(server.baseUrl, V2, json(trigger(`details-${i}`, {}, { custom_details: value })))).status, 202, JSON.stringify(value));
      assert.deepEqual((await only(`details-${i}`)).customDetails, value);
      assert.equal((await post(server.baseUrl, V1, json(v1(`details-v1-${i}`, 'trigger', { details: value })))).status, 200);
      assert.deepEqual((await only(`details-v1-${i}`)).customDetails, value);
    }
  });

  it('a timestamp is kept exactly as sent, with or without a zone, whatever its form', async () => {
    for (const [i, ts] of ['2026-08-22T10:00:00.000', '2015-07-17T08:42:58.315+0000', '2014-11-12T11:45:26.371000000Z', '2026-08-22 10:00', 'yesterday'].entries()) {
      assert.equal((await post(server.baseUrl, V2, json(trigger(`ts-${i}`, {}, { timestamp: ts })))).status, 202, ts);
      assert.equal(((await only(`ts-${i}`)).extra as Record<string, unknown>).timestamp, ts);
    }
  });

  it('null for an optional field is absent (Kapacitor sends "images":null); empty strings are kept', async () => {
    const r = await post(server.baseUrl, V2, json(trigger('nulls', { images: null, links: null, client: null, client_url: null }, { class: '', component: null, group: null, custom_details: null })));
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const extra = (await only('nulls')).extra as Record<string, unknown>;
    assert.equal(extra.images, undefined);
    assert.equal(extra.class, '');
  });

  it('acknowledge and resolve need no payload, and a payload they carry is not checked (LibreNMS sends severity "ok")', async () => {
    assert.equal((await post(server.baseUrl, V2, json(trigger('sloppy-resolve')))).status, 202);
    const ack = await post(server.baseUrl, V2, json({ routing_key: server.routingKey, event_action: 'acknowledge', dedup_key: 'sloppy-resolve', payload: { severity: 'ok' } }));
    assert.equal(ack.status, 202, JSON.stringify(ack.body));
    assert.equal((await only('sloppy-resolve')).status, 'acknowledged');
    const resolve = await post(server.baseUrl, V2, json({ routing_key: server.routingKey, event_action: 'resolve', dedup_key: 'sloppy-resolve', payload: 'not even an object' }));
    assert.equal(resolve.status, 202, JSON.stringify(resolve.body));
    assert.equal((await only('sloppy-resolve')).status, 'resolved');
  });

  it('acknowledge and resolve that match nothing succeed, say so, and change nothing', async () => {
    for (const action of ['acknowledge', 'resolve']) {
      const r = await post(server.baseUrl, V2, json({ routing_key: server.routingKey, event_action: action, dedup_key: `nothing-${action}` }));
      assert.equal(r.status, 202);
      assert.equal(r.body.status, 'success');
      assert.match(String(r.body.message), /nothing changed/);
      const r1 = await post(server.baseUrl, V1, json({ service_key: server.routingKey, event_type: action, incident_key: `nothing-v1-${action}` }));
      assert.equal(r1.status, 200);
      assert.equal(r1.body.status, 'success');
      assert.deepEqual(await incidents(`nothing-${action}`), []);
      assert.deepEqual(await incidents(`nothing-v1-${action}`), []);
    }
    // Resolving twice is the same: the second changes nothing.
    assert.equal((await post(server.baseUrl, V2, json(trigger('resolve-twice')))).status, 202);
    for (let i = 0; i < 2; i++) assert.equal((await post(server.baseUrl, V2, json({ routing_key: server.routingKey, event_action: 'resolve', dedup_key: 'resolve-twice' }))).status, 202);
    assert.equal((await incidents('resolve-twice')).length, 1);
  });

  it('what is truly invalid stays a 400 in PagerDuty\'s shape, naming the field, and opens nothing', async () => {
    const cases: [string, string, unknown, string][] = [
      ['v2 no routing key', V2, { event_action: 'trigger', dedup_key: 'bad-1', payload: { summary: 's', source: 's', severity: 'info' } }, 'routing_key'],
      ['v2 unknown action', V2, { ...trigger('bad-2'), event_action: 'explode' }, 'event_action'],
      ['v2 trigger without payload', V2, { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'bad-3' }, 'payload'],
      ['v2 blank summary', V2, trigger('bad-4', {}, { summary: '   ' }), 'payload.summary'],
      ['v2 no source', V2, trigger('bad-5', {}, { source: undefined }), 'payload.source'],
      ['v2 unknown severity', V2, trigger('bad-6', {}, { severity: 'ok' }), 'payload.severity'],
      ['v1 no service key', V1, { event_type: 'trigger', incident_key: 'bad-7', description: 'd' }, 'service_key'],
      ['v1 trigger without description', V1, { service_key: server.routingKey, event_type: 'trigger', incident_key: 'bad-8' }, 'description'],
      ['v1 resolve without incident_key', V1, { service_key: server.routingKey, event_type: 'resolve' }, 'incident_key'],
      ['v1 unknown type', V1, { ...v1('bad-9'), event_type: 'escalate' }, 'event_type'],
    ];
    for (const [name, path, body, field] of cases) {
      const r = await post(server.baseUrl, path, json(body));
      assert.equal(r.status, 400, `${name}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.status, 'invalid event', name);
      assert.ok((r.body.errors as string[]).some((e) => e.startsWith(field)), `${name}: ${JSON.stringify(r.body)}`);
    }
    for (let i = 1; i <= 9; i++) assert.deepEqual(await incidents(`bad-${i}`), []);
    for (const text of ['', '[]', 'null', '"text"', '{', '{"a":1}{"b":2}']) {
      for (const path of [V2, V1, '/v2/change/enqueue']) {
        const r = await post(server.baseUrl, path, text, { 'content-type': 'application/json' });
        assert.equal(r.status, 400, `${path} ${JSON.stringify(text)}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.status, 'invalid event');
      }
    }
  });

  it('trouble a sender can retry is a 503 with Retry-After on every PagerDuty endpoint — an unexpected failure too, never a 500', async () => {
    const failures: [string, () => Error][] = [
      ['busy engine', () => new KlaxonError('UNAVAILABLE', 'Too many events queued; retry shortly')],
      ['locked database', () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })],
      ['a bug', () => new TypeError('secret internal detail')],
    ];
    for (const [name, fail] of failures) {
      const { receiver, baseUrl } = await receiverWith(server, { ingestEvent: async () => { throw fail(); }, recordChange: async () => { throw fail(); } });
      try {
        const form = `CONTACTPAGER=${server.routingKey}&NOTIFICATIONTYPE=PROBLEM&HOSTNAME=h&HOSTSTATE=DOWN`;
        for (const [path, body, type] of [[V2, json(trigger('retry')), 'application/json'], [V1, json(v1('retry')), 'application/json'],
          ['/v2/change/enqueue', json({ routing_key: server.routingKey, payload: { summary: 'retry' } }), 'application/json'],
          ['/nagios/2010-04-15/create_event', form, 'application/x-www-form-urlencoded']] as const) {
          const r = await post(baseUrl, path, body, { 'content-type': type });
          assert.equal(r.status, 503, `${name} on ${path}: ${JSON.stringify(r.body)}`);
          assert.ok(Number(r.headers['retry-after']) > 0, `${name} on ${path}: Retry-After`);
          assert.ok(Array.isArray(r.body.errors), 'PagerDuty\'s shape');
          assert.doesNotMatch(JSON.stringify(r.body), /secret internal detail/);
        }
      } finally {
        await receiver.close();
      }
    }
  });

  it('over a service\'s intake limit: v2 answers PagerDuty\'s 429, v1 a 503 (PagerDuty\'s agent drops an event on any other 4xx); both with Retry-After', async () => {
    const { receiver, baseUrl } = await receiverWith(server, { ingestEvent: async () => { throw Object.assign(new KlaxonError('RATE_LIMITED', 'Slow down')); } });
    try {
      const r2 = await post(baseUrl, V2, json(trigger('limited')));
      assert.equal(r2.status, 429);
      assert.equal(r2.body.status, 'throttle event');
      const r1 = await post(baseUrl, V1, json(v1('limited')));
      assert.equal(r1.status, 503);
      assert.ok(Number(r1.headers['retry-after']) > 0);
    } finally {
      await receiver.close();
    }
  });
});
