// A teammate cannot use this device to probe its own network: an HTTP or TCP monitor whose target another device set
// (created there, or pointed elsewhere from there) is not run against a loopback, link-local or private address —
// given literally or by a name that resolves to one — and is shown as "no data" saying why, never down, with no
// incident. A monitor this device set up runs as it is, and the monitors.allowPrivateTargets setting lifts the rule.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { startTarget, startTcpPort, type Target } from '../support/check-targets.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import { isPrivateAddress } from '../../src-main/monitors/target-policy.ts';

const PEER = 'teammatedevice01';

describe('private targets', () => {
  let server: TestServer;
  let clock: FakeClock;
  let site: Target;
  let tcp: { port: number; close(): Promise<void> };
  let seq = 0;
  before(async () => {
    clock = new FakeClock(Date.parse('2026-11-30T10:00:00Z'));
    site = await startTarget();
    tcp = await startTcpPort();
    server = await startServer({ clock });
  });
  after(async () => { await server?.close(); await site?.close(); await tcp?.close(); });

  const pass = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) { clock.advance(1000); await server.klaxon.checks.idle(); }
  };
  const api = (urlPath: string, method = 'GET', body?: unknown) =>
    fetchJson(server.baseUrl, urlPath, { method, key: server.adminKey, ...(body !== undefined ? { body } : {}) });
  /** An op as the teammate's device writes it, arriving here by sync. */
  const fromTeammate = async (type: string, entity: string, data: unknown) => {
    seq++;
    const r = await server.klaxon.engine.applyRemoteOps([{ id: `${PEER}:${seq}`, hlc: encodeHlc({ wall: clock.now(), counter: seq }), type, entity, data }]);
    assert.equal(r.applied, 1, JSON.stringify(r));
  };
  const teammateMonitor = async (id: string, config: Record<string, unknown>) => fromTeammate('monitor.created', id, {
    config: { intervalSeconds: 10, retries: 0, successesBeforeUp: 1, renotifyMinutes: null, timeoutSeconds: 2, serviceId: server.serviceId, ...config },
    runnerDeviceId: server.klaxon.engine.deviceId, token: null, by: 'user:mate',
  });
  const shown = async (id: string) => (await api(`/api/monitors/${id}`)).body.monitor.check as { state: string; message: string | null };
  const incidentsOf = async (id: string) => ((await api('/api/incidents?limit=200')).body.incidents as { dedupKey: string }[]).filter((i) => i.dedupKey === `monitor:${id}`);
  const http = (url: string, name: string) => ({
    name, type: 'http', url, method: 'GET', headers: {}, body: null, expectedStatus: ['200-299'], keyword: null, keywordAbsent: false,
    degradedAfterMs: null, certExpiryWarningDays: null, redirectsToOtherHosts: false,
  });

  it('which addresses count as private', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.31.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe']) {
      assert.equal(isPrivateAddress(a), true, a);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '1.1.1.1', '2001:4860:4860::8888', 'example.com']) assert.equal(isPrivateAddress(a), false, a);
  });

  it('a monitor this device set up runs against 127.0.0.1; one a teammate set up is no data saying why, and opens nothing', async (t) => {
    const ownSite = await startTarget();
    t.after(() => ownSite.close());
    ownSite.set({ status: 500 });
    const own = (await api('/api/monitors', 'POST', { name: 'own', type: 'http', url: ownSite.url, intervalSeconds: 10, timeoutSeconds: 2, serviceId: server.serviceId })).body.monitor;
    await pass(2);
    assert.equal((await shown(own.id)).state, 'down', 'its own target is checked as it is');
    await teammateMonitor('mon_theirsliteral00', http(site.url, 'theirs literal'));
    await teammateMonitor('mon_theirsbyname000', http(`http://localhost:${site.port}/health`, 'theirs by name'));
    await teammateMonitor('mon_theirstcp000000', { type: 'tcp', name: 'theirs tcp', host: '127.0.0.1', port: tcp.port });
    const ownHits = ownSite.hits;
    await pass(25);
    assert.ok(ownSite.hits - ownHits >= 2, 'the own monitor kept checking every 10 s');
    assert.equal(site.hits, 0, 'the teammate\'s HTTP monitors never reached the site');
    for (const id of ['mon_theirsliteral00', 'mon_theirsbyname000', 'mon_theirstcp000000']) {
      const check = await shown(id);
      assert.equal(check.state, 'no_data', id);
      assert.match(check.message!, /not checked — (127\.0\.0\.1|::1) is a private address .*monitors\.allowPrivateTargets/, id);
      assert.deepEqual(await incidentsOf(id), [], `${id}: refused is not down`);
    }
    const results = (await api('/api/monitors/mon_theirsliteral00/results')).body.results as { outcome: string }[];
    assert.ok(results.length > 0 && results.every((r) => r.outcome === 'no_data'), JSON.stringify(results));
  });

  it('a teammate pointing this device\'s own monitor at a private address is refused too', async () => {
    site.set({ status: 200 });
    const other = await startTarget();
    try {
      const made = (await api('/api/monitors', 'POST', { name: 'moved', type: 'http', url: 'https://example.invalid/', intervalSeconds: 10, timeoutSeconds: 2, serviceId: server.serviceId })).body.monitor;
      await fromTeammate('monitor.changed', made.id, { fields: { url: other.url }, by: 'user:mate' });
      await pass(12);
      assert.equal(other.hits, 0);
      assert.match((await shown(made.id)).message!, /127\.0\.0\.1 is a private address/);
    } finally { await other.close(); }
  });

  it('monitors.allowPrivateTargets on: the teammate\'s monitors run here', async () => {
    site.set({ status: 200 });
    const hits = site.hits;
    await server.klaxon.engine.updateSettings({ monitors: { allowPrivateTargets: true } });
    await pass(11);
    assert.equal((await shown('mon_theirsliteral00')).state, 'up');
    assert.equal((await shown('mon_theirstcp000000')).state, 'up');
    assert.ok(site.hits - hits >= 2, 'both of the teammate\'s HTTP monitors reached the site');
    await server.klaxon.engine.updateSettings({ monitors: { allowPrivateTargets: false } });
  });
});
