// The status listener (`--status-host/--status-port`): a second port that serves the public pages and nothing else
// — the API, the window, metrics and health answer 404 there even with an admin key — while the receiver keeps all
// of it. Also the real `klaxon serve` with the flags.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import { startServer, fetchJson, makeTempDir, removeDir, type TestServer } from '../support/server.ts';
import { klaxon, serve } from '../support/cli.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { FIXTURE_NOW, fixturePage, fixtureSource } from '../support/status-fixture.ts';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

describe('status listener', () => {
  let server: TestServer;
  let statusUrl: string;
  before(async () => {
    server = await startServer({ statusSource: fixtureSource(fixturePage()), clock: new FakeClock(FIXTURE_NOW), statusListen: { host: '127.0.0.1', port: 0 } });
    const { host, port } = server.klaxon.statusAddress!;
    statusUrl = `http://${host}:${port}`;
  });
  after(async () => { await server?.close(); });

  it('serves the pages, feeds, summary and badges', async () => {
    assert.notEqual(statusUrl, server.baseUrl);
    for (const path of ['/status/acme', '/status/acme/feed.atom', '/status/acme/summary.json', '/status/acme/components/api/uptime.svg']) {
      const res = await fetch(statusUrl + path);
      assert.equal(res.status, 200, path);
    }
    const page = await (await fetch(`${statusUrl}/status/acme`)).text();
    assert.match(page, /Partial outage/);
    assert.equal((await fetch(`${statusUrl}/status/nope`)).status, 404);
  });

  it('serves whatever Host a reverse proxy sends, and the feeds link to that public name (https when the proxy says so)', async () => {
    const summary = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${statusUrl}/status/acme/summary.json`, { headers: { host: 'status.example.com', 'x-forwarded-proto': 'https', 'accept-encoding': 'identity' } }, (r) => {
        let text = '';
        r.on('data', (d: Buffer) => { text += d.toString('utf8'); });
        r.on('end', () => resolve(`${r.statusCode} ${text}`));
      });
      req.on('error', reject);
      req.end();
    });
    assert.match(summary, /^200 /);
    assert.ok(summary.includes('"url":"https://status.example.com/status/acme"'), summary.slice(0, 300));
  });

  it('answers 404 for everything else, even with an admin key (the receiver still serves it); a bad URL is a 4xx in the API\'s error shape', async () => {
    for (const path of ['/api/incidents', '/api/openapi.json', '/healthz', '/metrics', '/', '/api/heartbeats/x']) {
      const res = await fetch(statusUrl + path, { headers: { authorization: `Bearer ${server.adminKey}` } });
      assert.equal(res.status, 404, path);
      assert.equal((await res.json() as { error: { code: string } }).error.code, 'NOT_FOUND', path);
    }
    for (const [path, status] of [['/status/%E0%A4%A', 400], [`/status/${'x'.repeat(300)}`, 414]] as const) {
      const res = await fetch(statusUrl + path);
      assert.equal(res.status, status, path);
      assert.equal((await res.json() as { error: { code: string } }).error.code, 'VALIDATION_FAILED', `${path}: the error shape of the API`);
    }
    const post = await fetch(`${statusUrl}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(post.status, 404);
    assert.equal((await fetch(`${server.baseUrl}/api/incidents`, { headers: { authorization: `Bearer ${server.adminKey}` } })).status, 200);
    assert.equal((await fetch(`${server.baseUrl}/status/acme`)).status, 200);
  });
});

describe('heartbeats on the status listener', () => {
  let server: TestServer;
  let statusUrl: string;
  before(async () => {
    server = await startServer({ statusSource: fixtureSource(fixturePage()), clock: new FakeClock(FIXTURE_NOW), statusListen: { host: '127.0.0.1', port: 0 } });
    const { host, port } = server.klaxon.statusAddress!;
    statusUrl = `http://${host}:${port}`;
  });
  after(async () => { await server?.close(); });

  it('takes a cron job\'s pushes (GET and POST, up and down) without the API being exposed; bad input is a 400 in the API\'s shape', async () => {
    const created = await fetchJson(server.baseUrl, '/api/monitors', { method: 'POST', key: server.adminKey, body: { name: 'nightly backup', type: 'heartbeat', intervalSeconds: 3600, graceSeconds: 60, serviceId: server.serviceId } });
    assert.equal(created.status, 201, created.text);
    const path = new URL((created.body.monitor as { heartbeatUrl: string }).heartbeatUrl).pathname;
    const beat = await fetch(statusUrl + path);
    assert.equal(beat.status, 200);
    assert.deepEqual(await beat.json(), { ok: true });
    assert.equal(beat.headers.get('cache-control'), 'no-store');
    const failing = await fetch(statusUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'down', msg: 'backup failed: disk full' }) });
    assert.equal(failing.status, 200);
    const incidents = await fetchJson(server.baseUrl, '/api/incidents?limit=50', { key: server.adminKey });
    const monitorId = (created.body.monitor as { id: string }).id;
    assert.ok((incidents.body.incidents as { dedupKey: string }[]).some((i) => i.dedupKey === `monitor:${monitorId}`), 'the push reported down opened the monitor\'s incident');
    const bad = await fetch(`${statusUrl}${path}?status=sideways`);
    assert.equal(bad.status, 400);
    assert.equal((await bad.json() as { error: { code: string } }).error.code, 'VALIDATION_FAILED');
    const unknown = await fetch(`${statusUrl}/api/heartbeats/not-a-token`);
    assert.equal(unknown.status, 404);
    assert.equal((await fetch(`${statusUrl}/api/monitors`, { headers: { authorization: `Bearer ${server.adminKey}` } })).status, 404, 'the rest of the API stays off this port');
  });
});

describe('a status port that is taken', () => {
  it('fails the start and leaves nothing open: the receiver\'s port and the data dir are free again', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    const dataDir = makeTempDir();
    try {
      const free = await freePort();
      await assert.rejects(startServer({ dataDir, port: free, statusListen: { host: '127.0.0.1', port: taken } }), /EADDRINUSE/);
      const again = await startServer({ dataDir, port: free });
      assert.equal(again.klaxon.address.port, free);
      await again.close();
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      removeDir(dataDir);
    }
  });
});

describe('klaxon serve --status-host/--status-port', () => {
  it('opens the status listener and says where; --status-host alone is refused', async () => {
    const dataDir = makeTempDir();
    try {
      const refused = await klaxon(['serve', '--data-dir', dataDir, '--port', '0', '--status-host', '127.0.0.1', '--no-sync', '--no-notify']);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /--status-host needs --status-port/);

      const served = await serve(['--data-dir', dataDir, '--port', '0', '--status-port', '0', '--status-host', '127.0.0.1', '--no-sync', '--no-notify']);
      try {
        const line = await new Promise<string>((resolve, reject) => {
          const deadline = setTimeout(() => reject(new Error(`no status line:\n${served.stderr()}`)), 30_000);
          const poll = setInterval(() => {
            const m = /status pages on (http:\/\/\S+)\/status\/<slug>/.exec(served.stderr());
            if (m) { clearTimeout(deadline); clearInterval(poll); resolve(m[1]!); }
          }, 50);
        });
        // No status pages exist yet: the listener answers its 404 page, and the API is not there.
        const page = await fetch(`${line}/status/anything`);
        assert.equal(page.status, 404);
        assert.match(await page.text(), /No such status page/);
        assert.equal((await fetch(`${line}/api/incidents`)).status, 404);
      } finally {
        served.child.kill('SIGTERM');
        await served.exited;
      }
    } finally {
      removeDir(dataDir);
    }
  });
});
