// PagerDuty's legacy Nagios endpoint, /nagios/2010-04-15/create_event: the form pagerduty_nagios.pl posts (every
// Nagios macro, CONTACTPAGER the key). PROBLEM, ACKNOWLEDGEMENT and RECOVERY act on one incident per check — the same
// one PagerDuty's agent (pd-nagios, v1) would name — other notification types change nothing; a missing macro or an
// unknown key is a 400 the script drops instead of retrying.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';

describe('the Nagios form endpoint', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  const post = (fields: Record<string, string>, headers: Record<string, string> = {}) => fetchJson(server.baseUrl, '/nagios/2010-04-15/create_event', {
    body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
  const svc = (type: string, more: Record<string, string> = {}) => ({
    CONTACTPAGER: server.routingKey, NOTIFICATIONTYPE: type, HOSTNAME: 'web-9', SERVICEDESC: 'Disk /var', SERVICESTATE: 'WARNING',
    SERVICEOUTPUT: 'DISK WARNING - free space: /var 812 MB', pd_nagios_object: 'service', pd_version: '1.0', ...more,
  });
  const incident = async (dedupKey: string) => {
    const list = (await fetchJson(server.baseUrl, `/api/incidents?limit=200&serviceId=${server.serviceId}`, { key: server.adminKey })).body.incidents as Record<string, unknown>[];
    return list.filter((i) => i.dedupKey === dedupKey);
  };
  const KEY = 'event_source=service;host_name=web-9;service_desc=Disk /var';

  it('PROBLEM opens the check\'s incident with a readable title, severity from the state, and the macros (not the key) as details', async () => {
    const res = await post(svc('PROBLEM'));
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { status: 'success', message: 'Event processed', incident_key: KEY });
    const [inc] = await incident(KEY);
    assert.ok(inc);
    assert.equal(inc.title, 'Disk /var on web-9 is WARNING: DISK WARNING - free space: /var 812 MB');
    assert.equal(inc.severity, 'warning');
    assert.equal(inc.source, 'web-9');
    const details = (await fetchJson(server.baseUrl, `/api/incidents/${String(inc.id)}`, { key: server.adminKey })).body.customDetails;
    assert.equal(details.SERVICEOUTPUT, 'DISK WARNING - free space: /var 812 MB');
    assert.equal(details.CONTACTPAGER, undefined, 'the service key stays out of the incident');
  });

  it('FLAPPINGSTART and DOWNTIMESTART change nothing; ACKNOWLEDGEMENT and RECOVERY act on the same incident', async () => {
    for (const type of ['FLAPPINGSTART', 'DOWNTIMESTART', 'CUSTOM']) {
      const res = await post(svc(type));
      assert.equal(res.status, 200, res.text);
      assert.match(res.body.message, /changes nothing/);
    }
    assert.equal((await incident(KEY))[0]!.status, 'triggered');
    assert.equal((await post(svc('ACKNOWLEDGEMENT'))).status, 200);
    assert.equal((await incident(KEY))[0]!.status, 'acknowledged');
    assert.equal((await post(svc('RECOVERY', { SERVICESTATE: 'OK' }))).status, 200);
    assert.equal((await incident(KEY))[0]!.status, 'resolved');
    assert.equal((await incident(KEY)).length, 1);
  });

  it('a host notification (no SERVICEDESC) is the host\'s incident, DOWN is critical', async () => {
    const res = await post({ CONTACTPAGER: server.routingKey, NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: 'nas-9', HOSTSTATE: 'DOWN', HOSTOUTPUT: 'PING CRITICAL - Packet loss = 100%' });
    assert.equal(res.status, 200, res.text);
    const [inc] = await incident('event_source=host;host_name=nas-9');
    assert.equal(inc?.title, 'nas-9 is DOWN: PING CRITICAL - Packet loss = 100%');
    assert.equal(inc?.severity, 'critical');
  });

  it('the key may come in X-Routing-Key, and the fields as JSON', async () => {
    const { CONTACTPAGER: _k, ...noKey } = svc('PROBLEM', { HOSTNAME: 'web-10' });
    assert.equal((await post(noKey, { 'x-routing-key': server.routingKey })).status, 200);
    const asJson = await fetchJson(server.baseUrl, '/nagios/2010-04-15/create_event', { body: { ...svc('PROBLEM', { HOSTNAME: 'web-11' }) } });
    assert.equal(asJson.status, 200, asJson.text);
    assert.equal((await incident('event_source=service;host_name=web-11;service_desc=Disk /var')).length, 1);
  });

  it('a missing macro or an unknown key → 400 in PagerDuty\'s shape, naming it', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ ...svc('PROBLEM'), CONTACTPAGER: '' }, 'CONTACTPAGER'],
      [{ ...svc('PROBLEM'), NOTIFICATIONTYPE: '' }, 'NOTIFICATIONTYPE'],
      [{ ...svc('PROBLEM'), HOSTNAME: '' }, 'HOSTNAME'],
      [{ ...svc('PROBLEM'), SERVICEDESC: '' }, 'SERVICEDESC'],
    ];
    for (const [fields, missing] of cases) {
      const res = await post(fields);
      assert.equal(res.status, 400, `${missing}: ${res.text}`);
      assert.ok((res.body.errors as string[]).some((e) => e.startsWith(missing)), res.text);
    }
    for (const type of ['PROBLEM', 'FLAPPINGSTART']) {
      const unknown = await post({ ...svc(type), CONTACTPAGER: 'not-a-key' });
      assert.equal(unknown.status, 400, unknown.text);
      assert.equal(unknown.body.message, 'Invalid routing key');
    }
  });
});
