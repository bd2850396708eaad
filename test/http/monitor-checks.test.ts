// HTTP and TCP monitors on a fake clock (engine, check runner and receiver in one process, the checked servers real
// on 127.0.0.x): failures go pending, then down, which opens the monitor's incident as seed 004 walks through with the
// failing check in it; recovery resolves it unless a person did; maintenance silences it; successesBeforeUp and
// re-notify hold; a laptop's sleep, every host timing out alike, and no network interface open nothing; a name the
// resolver says does not exist is down unless every host fails alike, a resolver not reached is no data; each outcome
// reaches the recorder.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { startTarget, startTcpPort, type Target } from '../support/check-targets.ts';
import { FakeClock } from '../../src-main/clock.ts';
import type { CheckRecord } from '../../src-main/monitors/check-recorder.ts';
import type { Notifier } from '../../src-main/pager/notifier.ts';
import { makeTestCa } from '../support/test-ca.ts';

// The resolver this machine sees (no real DNS): names under gone.invalid do not exist (ENOTFOUND); under
// unreachable.invalid the resolver cannot answer for (EAI_AGAIN); anything else as the system resolves it.
const lookup: LookupFunction = (hostname, options, callback) => {
  const code = hostname.endsWith('.gone.invalid') ? 'ENOTFOUND' : hostname.endsWith('.unreachable.invalid') ? 'EAI_AGAIN' : null;
  if (code === null) { dns.lookup(hostname, options, callback); return; }
  callback(Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, hostname }), '', 4);
};

describe('HTTP and TCP monitors', () => {
  let server: TestServer;
  let clock: FakeClock;
  let site: Target;
  let secure: Target;
  const recorded: { id: string; r: CheckRecord }[] = [];
  /** Every page shown on this device, by incident. */
  const pages: string[] = [];
  const notifier: Notifier = {
    name: 'recording', async notify(n) { pages.push(n.incidentId); }, async withdraw() {}, onAction() {}, async close() {},
  };
  before(async () => {
    clock = new FakeClock(Date.parse('2026-11-30T10:00:00Z'));
    site = await startTarget();
    // An HTTPS site whose certificate (from a test CA the runner is told to trust) expires in 3 days.
    const ca = await makeTestCa();
    secure = await startTarget({ tls: await ca.leaf(Date.now() + 3 * 86_400_000 + 3_600_000) });
    server = await startServer({ clock, notifier, checks: { extraCa: [ca.caPem], recorder: { record: (id, r) => recorded.push({ id, r }) } } });
  });
  after(async () => { await server?.close(); await site?.close(); await secure?.close(); });

  const runner = () => server.klaxon.checks;
  /** Time passing with the machine awake: the runner looks every second. */
  const pass = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) { clock.advance(1000); await runner().idle(); }
  };
  const api = (urlPath: string, method = 'GET', body?: unknown) =>
    fetchJson(server.baseUrl, urlPath, { method, key: server.adminKey, ...(body !== undefined ? { body } : {}) });
  const create = async (name: string, more: Record<string, unknown> = {}, serviceId = server.serviceId) => {
    const res = await api('/api/monitors', 'POST', { name, type: 'http', url: site.url, intervalSeconds: 10, timeoutSeconds: 2, serviceId, ...more });
    assert.equal(res.status, 201, res.text);
    return res.body.monitor as { id: string };
  };
  const incidentsOf = async (monitorId: string) => {
    const res = await api('/api/incidents?limit=200&status=triggered,acknowledged,resolved,suppressed,snoozed');
    assert.equal(res.status, 200, res.text);
    return (res.body.incidents as { id: string; dedupKey: string }[]).filter((i) => i.dedupKey === `monitor:${monitorId}`);
  };
  const detail = async (id: string) => (await api(`/api/incidents/${id}`)).body;
  const shown = async (id: string) => (await api(`/api/monitors/${id}`)).body.monitor.check;

  it('pending through its retries, then down: one incident as seed 004 opens it, the failing check in it; recovery resolves it', async () => {
    site.set({ status: 500 });
    const m = await create('checkout api', { retries: 2 });
    await pass(1);
    assert.equal(runner().state(m.id), 'pending');
    assert.equal((await shown(m.id)).state, 'pending');
    await pass(10);
    assert.equal(runner().state(m.id), 'pending');
    assert.deepEqual(await incidentsOf(m.id), [], 'two failures with two retries: not down yet');
    await pass(10);
    const [inc, more] = await incidentsOf(m.id);
    assert.ok(inc, 'down on the third failure in a row');
    assert.equal(more, undefined);
    const d = await detail(inc.id);
    assert.equal(d.autoCreated, true);
    assert.equal(d.progress, 'investigating');
    assert.equal(d.status, 'triggered');
    assert.deepEqual(d.extra.affectedMonitorIds, [m.id]);
    assert.match(d.title, /checkout api is down: HTTP 500 \(expected 200-299\)/);
    assert.equal(d.customDetails.status, 500);
    assert.equal(d.customDetails.url, site.url);
    assert.equal(typeof d.customDetails.responseMs, 'number');
    assert.match(JSON.stringify(d.timeline), /HTTP 500/);
    const check = await shown(m.id);
    assert.equal(check.state, 'down');
    assert.match(check.message, /HTTP 500/);
    await pass(30);
    assert.equal((await incidentsOf(m.id)).length, 1, 'staying down opens nothing more');
    assert.equal((await detail(inc.id)).alertCount, 1, 'and pages no one again without renotifyMinutes');

    site.set({ status: 200 });
    await pass(10);
    const after = await detail(inc.id);
    assert.equal(after.status, 'resolved');
    assert.equal(after.progress, 'resolved');
    assert.ok(after.resolvedAt);
    assert.match(JSON.stringify(after.timeline), /checkout api is up again: HTTP 200/);
    assert.equal(runner().state(m.id), 'up');
    const mine = recorded.filter((x) => x.id === m.id).map((x) => x.r.outcome);
    assert.ok(mine.filter((o) => o === 'down').length >= 3 && mine.at(-1) === 'up', `every check reached the recorder: ${mine.join(',')}`);
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });

  it('successesBeforeUp: stays down until that many successes in a row', async () => {
    site.set({ status: 503 });
    const m = await create('search', { successesBeforeUp: 3 });
    await pass(1);
    const [inc] = await incidentsOf(m.id);
    assert.ok(inc);
    site.set({ status: 200 });
    await pass(20);
    assert.equal((await detail(inc.id)).status, 'triggered', 'two successes of three');
    assert.equal(runner().state(m.id), 'down');
    await pass(10);
    assert.equal((await detail(inc.id)).status, 'resolved');
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });

  it('a person\'s resolve is not overridden: still failing opens nothing new, and the recovery leaves their incident as it was', async () => {
    site.set({ status: 500 });
    const m = await create('billing');
    await pass(1);
    const [inc] = await incidentsOf(m.id);
    assert.ok(inc);
    assert.equal((await api(`/api/incidents/${inc.id}`, 'PATCH', { status: 'resolved' })).status, 200);
    const before = await detail(inc.id);
    await pass(30);
    assert.equal((await incidentsOf(m.id)).length, 1);
    site.set({ status: 200 });
    await pass(10);
    const after = await detail(inc.id);
    assert.equal(after.resolvedBy, before.resolvedBy);
    assert.equal(after.timeline.length, before.timeline.length);
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });

  it('re-notify: still down after renotifyMinutes, an acknowledged incident is triggered again (it pages), with the failure counted', async () => {
    site.set({ status: 500 });
    const m = await create('payments', { renotifyMinutes: 1 });
    await pass(1);
    const [inc] = await incidentsOf(m.id);
    assert.ok(inc);
    assert.ok(pages.includes(inc.id), 'the flip down paged');
    assert.equal((await api(`/api/incidents/${inc.id}`, 'PATCH', { status: 'acknowledged' })).status, 200);
    await pass(50);
    assert.equal((await detail(inc.id)).status, 'acknowledged', 'not yet a minute');
    const pagedBefore = pages.filter((id) => id === inc.id).length;
    await pass(10);
    const d = await detail(inc.id);
    assert.equal(d.status, 'triggered');
    assert.equal(pages.filter((id) => id === inc.id).length, pagedBefore + 1, 'it paged again');
    assert.equal(d.alertCount, 2);
    assert.match(JSON.stringify(d.timeline), /still down: HTTP 500/);
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });

  it('a maintenance window of its service silences its incident', async () => {
    const svc = await server.klaxon.engine.createService({ name: 'Storefront', urgencyRule: 'severity', suppressionRules: [] });
    const now = clock.now();
    const win = await api('/api/maintenance', 'POST', {
      title: 'deploy', scheduledStart: new Date(now - 60_000).toISOString(), scheduledEnd: new Date(now + 3_600_000).toISOString(), serviceIds: [svc.id],
    });
    assert.equal(win.status, 201, win.text);
    site.set({ status: 500 });
    const m = await create('storefront', {}, svc.id);
    await pass(1);
    const [inc] = await incidentsOf(m.id);
    assert.ok(inc);
    assert.equal((await detail(inc.id)).status, 'suppressed');
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });

  it('a laptop that slept (a clock jump) records no data and starts counting afresh: nothing opens', async () => {
    site.set({ status: 500 });
    const m = await create('intranet', { retries: 1 });
    await pass(1);
    assert.equal(runner().state(m.id), 'pending');
    clock.advance(3_600_000); // asleep an hour: no timer ran, the wall clock moved on
    await runner().idle();
    await pass(1);
    assert.equal(runner().state(m.id), 'no_data');
    assert.equal((await shown(m.id)).state, 'no_data');
    assert.ok(recorded.some((x) => x.id === m.id && x.r.outcome === 'no_data'), 'the span is recorded as no data');
    await pass(10);
    assert.equal(runner().state(m.id), 'pending', 'the failure before the sleep no longer counts');
    assert.deepEqual(await incidentsOf(m.id), []);
    site.set({ status: 200 });
    await pass(10);
    assert.equal(runner().state(m.id), 'up');
    assert.deepEqual(await incidentsOf(m.id), []);
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });

  it('a timeout waits out its round; if the next check answers meanwhile, the timeout opens nothing', async () => {
    site.set({ hang: true });
    const m = await create('profile api');
    await pass(1);
    assert.equal(runner().state(m.id), 'unknown', 'the timeout is held, not yet concluded');
    site.set({ status: 200 });
    await pass(40);
    assert.equal(runner().state(m.id), 'up');
    assert.deepEqual(await incidentsOf(m.id), []);
    assert.ok(recorded.some((x) => x.id === m.id && x.r.outcome === 'down'), 'the timeout is still recorded');
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });

  it('HTTPS: a certificate expiring within certExpiryWarningDays is degraded — up, no incident — with the date in the message', async () => {
    const m = await create('login', { url: secure.url, certExpiryWarningDays: 14 });
    await pass(1);
    assert.equal(runner().state(m.id), 'up');
    const check = await shown(m.id);
    assert.match(check.message, /the certificate of 127\.0\.0\.1 expires on \d{4}-\d{2}-\d{2} \(in 3 days\)/);
    assert.equal(recorded.filter((x) => x.id === m.id).at(-1)?.r.outcome, 'degraded');
    assert.deepEqual(await incidentsOf(m.id), []);
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });

  it('TCP: an open port is up; once it closes, down with the refused connection in its incident', async () => {
    const port = await startTcpPort();
    const res = await api('/api/monitors', 'POST', { name: 'redis', type: 'tcp', host: '127.0.0.1', port: port.port, intervalSeconds: 10, timeoutSeconds: 2, serviceId: server.serviceId });
    assert.equal(res.status, 201, res.text);
    const m = res.body.monitor as { id: string };
    await pass(1);
    assert.equal(runner().state(m.id), 'up');
    await port.close();
    await pass(10);
    const [inc] = await incidentsOf(m.id);
    assert.ok(inc);
    assert.equal((await detail(inc.id)).customDetails.error, 'ECONNREFUSED');
    await api(`/api/monitors/${m.id}`, 'DELETE');
  });
});

describe('every host timing out alike', () => {
  let server: TestServer;
  let clock: FakeClock;
  const targets: Target[] = [];
  before(async () => {
    clock = new FakeClock(Date.parse('2026-11-30T10:00:00Z'));
    for (const host of ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4']) targets.push(await startTarget({ host }));
    server = await startServer({ clock });
  });
  after(async () => { await server?.close(); for (const t of targets) await t.close(); });

  const pass = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) { clock.advance(1000); await server.klaxon.checks.idle(); }
  };
  const api = (urlPath: string, method = 'GET', body?: unknown) =>
    fetchJson(server.baseUrl, urlPath, { method, key: server.adminKey, ...(body !== undefined ? { body } : {}) });
  const create = async (t: Target) => {
    const res = await api('/api/monitors', 'POST', { name: t.host, type: 'http', url: t.url, intervalSeconds: 10, timeoutSeconds: 1, serviceId: server.serviceId });
    assert.equal(res.status, 201, res.text);
    return res.body.monitor as { id: string };
  };
  const openIncidents = async () => ((await api('/api/incidents?limit=200')).body.incidents as unknown[]).length;

  it('three hosts timing out together is no data; once another host answers, a timeout is down', async () => {
    for (const t of targets.slice(0, 3)) t.set({ hang: true });
    const hung = [];
    for (const t of targets.slice(0, 3)) hung.push(await create(t));
    await pass(45);
    assert.equal(await openIncidents(), 0, 'nothing answered at all: this machine, not three services');
    for (const m of hung) assert.equal(server.klaxon.checks.state(m.id), 'no_data');

    targets[3]!.set({ status: 200 });
    await create(targets[3]!);
    await pass(45);
    assert.equal(await openIncidents(), 3, 'the network answers elsewhere: the three are down');
  });
});

describe('a machine with no network interface up', () => {
  let server: TestServer;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock(Date.parse('2026-11-30T10:00:00Z'));
    server = await startServer({ clock, checks: { networkUp: () => false, lookup } });
  });
  after(async () => { await server?.close(); });

  it('a connection failing to another host is no data, not down; a loopback monitor still goes down', async () => {
    const port = await startTcpPort();
    await port.close(); // nothing listens there any more: the connection is refused
    const api = (urlPath: string, method = 'GET', body?: unknown) =>
      fetchJson(server.baseUrl, urlPath, { method, key: server.adminKey, ...(body !== undefined ? { body } : {}) });
    const make = async (name: string, host: string) => {
      const res = await api('/api/monitors', 'POST', { name, type: 'tcp', host, port: port.port, intervalSeconds: 10, timeoutSeconds: 2, serviceId: server.serviceId });
      assert.equal(res.status, 201, res.text);
      return res.body.monitor as { id: string };
    };
    // 0.0.0.0 reaches this machine too, but is not a loopback name: it stands for any other host here.
    const remote = await make('database', '0.0.0.0');
    const local = await make('local agent', '127.0.0.1');
    const named = await make('queue', 'mq.gone.invalid');
    for (let i = 0; i < 45; i++) { clock.advance(1000); await server.klaxon.checks.idle(); }
    assert.equal(server.klaxon.checks.state(remote.id), 'no_data');
    assert.equal(server.klaxon.checks.state(named.id), 'no_data', 'a name not found, with no interface up: this machine');
    assert.match((await api(`/api/monitors/${remote.id}`)).body.monitor.check.message, /no network interface is up/);
    assert.equal(server.klaxon.checks.state(local.id), 'down');
    const incidents = (await api('/api/incidents?limit=50')).body.incidents as { dedupKey: string }[];
    assert.deepEqual(incidents.map((i) => i.dedupKey), [`monitor:${local.id}`]);
  });
});

describe('a name that does not resolve', () => {
  let server: TestServer;
  let clock: FakeClock;
  let site: Target;
  before(async () => {
    clock = new FakeClock(Date.parse('2026-11-30T10:00:00Z'));
    site = await startTarget();
    server = await startServer({ clock, checks: { lookup } });
  });
  after(async () => { await server?.close(); await site?.close(); });

  const pass = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) { clock.advance(1000); await server.klaxon.checks.idle(); }
  };
  const api = (urlPath: string, method = 'GET', body?: unknown) =>
    fetchJson(server.baseUrl, urlPath, { method, key: server.adminKey, ...(body !== undefined ? { body } : {}) });
  const create = async (name: string, url: string) => {
    const res = await api('/api/monitors', 'POST', { name, type: 'http', url, intervalSeconds: 10, timeoutSeconds: 2, serviceId: server.serviceId });
    assert.equal(res.status, 201, res.text);
    return res.body.monitor as { id: string };
  };
  const incidents = async () => (await api('/api/incidents?limit=50')).body.incidents as { id: string; dedupKey: string }[];

  it('every host\'s name not found alike is no data (a broken resolver); once another host answers, a name gone is down and opens its incident', async () => {
    const gone = [];
    for (const name of ['shop', 'blog', 'docs']) gone.push(await create(name, `http://${name}.gone.invalid/health`));
    const cut = await create('intranet', 'http://wiki.unreachable.invalid/');
    await pass(45);
    assert.deepEqual(await incidents(), [], 'three names gone at once, nothing else answering: this machine\'s resolver');
    for (const m of gone) assert.equal(server.klaxon.checks.state(m.id), 'no_data');
    assert.equal(server.klaxon.checks.state(cut.id), 'no_data');
    assert.match((await api(`/api/monitors/${cut.id}`)).body.monitor.check.message, /no data: every check of 4 hosts failed alike/);

    site.set({ status: 200 });
    await create('status api', site.url);
    await pass(45);
    const open = await incidents();
    assert.deepEqual(open.map((i) => i.dedupKey).sort(), [...gone, cut].map((m) => `monitor:${m.id}`).sort(),
      'the network answers: the names are really gone, and the name whose resolver fails is down too (its domain\'s DNS, not this machine)');
    const named = (await Promise.all(open.map(async (i) => (await api(`/api/incidents/${i.id}`)).body))).find((x) => x.dedupKey !== `monitor:${cut.id}`);
    assert.equal(named.customDetails.error, 'ENOTFOUND');
    assert.match(named.title, /is down: ENOTFOUND/);
    assert.equal(server.klaxon.checks.state(cut.id), 'down', 'a resolver that cannot answer for one name, while others answer: down');
  });
});
