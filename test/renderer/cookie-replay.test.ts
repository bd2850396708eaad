// Cookies are scoped by host, not port: Chromium sends the window's `klaxon_session` cookie to any other web server
// on 127.0.0.1 the user visits. Here a second local server plays that foreign site: it receives the cookie, replays it
// to Klaxon with every header the browser sent it (and Klaxon's own Host and Origin), and must get nothing — no key,
// no incidents, no change stream. It can also plant a cookie of the same name: the window's requests carrying two are
// refused, with a message that says why, rather than run as whichever cookie came first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { ensureRendererBuilt } from './support/build.ts';
import { launchChromium, openSignedIn } from './support/browser.ts';

/** The status of a request, without waiting for its body (a change stream that was let in would never end). */
function statusOf(baseUrl: string, path: string, opts: { method: string; headers: Record<string, string>; body?: string }): Promise<number> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method: opts.method, headers: opts.headers }, (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

let server: TestServer;
let browser: Browser;
let foreign: http.Server;
let foreignUrl: string;
/** Headers of every request the foreign server received, by path. */
const received = new Map<string, http.IncomingHttpHeaders>();

before(async () => {
  server = await startServer({ rendererDir: ensureRendererBuilt() });
  browser = await launchChromium();
  foreign = http.createServer((req, res) => {
    received.set(req.url ?? '/', req.headers);
    // A page on this other port may set cookies for the host 127.0.0.1 too: one named like Klaxon's, on a longer path.
    if (req.url === '/plant') res.setHeader('set-cookie', 'klaxon_session=planted-by-another-server; Path=/bridge; SameSite=Lax');
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>Another local app</title><h1>Another local app</h1>');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});
after(async () => {
  await browser?.close();
  await new Promise((r) => foreign?.close(r));
  await server?.close();
});

test('a local server that received the session cookie from the browser cannot replay it', async () => {
  const { context, page } = await openSignedIn(browser, server);
  try {
    // The user, signed in to Klaxon, visits another app on this machine.
    const other = await context.newPage();
    await other.goto(`${foreignUrl}/`);
    const leaked = received.get('/')!;
    assert.match(String(leaked.cookie), /klaxon_session=/, 'precondition: the browser did send Klaxon\'s cookie to the other port');

    // It replays everything the browser sent it, with Klaxon's own Host and Origin.
    const klaxonHost = new URL(server.baseUrl).host;
    const replay = (path: string, method: string, body?: unknown) => statusOf(server.baseUrl, path, {
      method,
      headers: {
        ...Object.fromEntries(Object.entries(leaked).filter(([, v]) => typeof v === 'string') as [string, string][]),
        host: klaxonHost, origin: server.baseUrl, referer: `${server.baseUrl}/`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const keysBefore = server.klaxon.engine.listKeys().length;
    const attempts = [
      await replay('/bridge/invoke', 'POST', { method: 'keys.create', input: { name: 'minted by a replay', scopes: ['admin'] } }),
      await replay('/bridge/invoke', 'POST', { method: 'incidents.list', input: {} }),
      await replay('/bridge/invoke', 'POST', { method: 'sessions.list' }),
      await replay('/bridge/events', 'GET'),
      await replay('/bridge/session', 'DELETE'),
    ];
    assert.deepEqual(attempts, [401, 401, 401, 401, 401]);
    assert.equal(server.klaxon.engine.listKeys().length, keysBefore, 'no key was minted');
    assert.ok(!server.klaxon.engine.listKeys().some((k) => k.name === 'minted by a replay'));

    // The window in the first tab is unaffected: it still lists, acts and receives live updates.
    await page.getByRole('heading', { name: 'No open incidents' }).waitFor();
    const posted = await fetchJson(server.baseUrl, '/v2/enqueue', {
      body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'after-replay', payload: { summary: 'After the replay', source: 'test', severity: 'critical' } },
    });
    assert.equal(posted.status, 202);
    const row = page.getByRole('listitem', { name: 'After the replay', exact: true });
    await row.waitFor();
    await row.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await row.getByText('Acknowledged', { exact: true }).waitFor();

    // Now the other app plants a cookie of the same name: the window's next command is refused, and says why.
    await other.goto(`${foreignUrl}/plant`);
    assert.equal((await context.cookies(server.baseUrl + '/bridge/invoke')).filter((c) => c.name === 'klaxon_session').length, 2);
    await row.getByRole('button', { name: 'Resolve', exact: true }).click();
    await page.getByRole('alert').getByText(/Two klaxon_session cookies/).waitFor();
    const id = server.klaxon.engine.listIncidents({ q: 'After the replay', limit: 1 }).incidents[0]!.id;
    assert.equal(server.klaxon.engine.getIncident(id).status, 'acknowledged', 'the refused command changed nothing');
  } finally {
    await context.close();
  }
});
