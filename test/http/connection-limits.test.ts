// What one client may hold of the receiver, over real sockets on 127.0.0.1 (timeouts shortened for the test): a body
// that stalls is cut with a 408 in the seeds' shape while other clients are served; headers that never end are cut
// too; the window's change stream outlives every timeout; the connection cap refuses extra sockets without locking
// the host; a keep-alive connection ends after its quota of requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';

const REQUEST_TIMEOUT_MS = 1200;
const HEADERS_TIMEOUT_MS = 800;
const IDLE_TIMEOUT_MS = 1500;

let server: TestServer;
let port: number;
before(async () => {
  server = await startServer({
    connections: {
      requestTimeoutMs: REQUEST_TIMEOUT_MS, headersTimeoutMs: HEADERS_TIMEOUT_MS, idleTimeoutMs: IDLE_TIMEOUT_MS,
      keepAliveTimeoutMs: 1000, maxRequestsPerSocket: 3, maxConnections: 8,
    },
  });
  port = Number(new URL(server.baseUrl).port);
});
after(() => server?.close());

interface RawClient { socket: net.Socket; received: () => string; closed: Promise<number> }

/** A raw TCP client; `closed` resolves with the ms from connecting until the server closed it. */
function connect(): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    const start = performance.now();
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => { data += d; });
    socket.on('error', () => {});
    const closed = new Promise<number>((r) => socket.once('close', () => r(performance.now() - start)));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

const enqueue = (summary: string) => fetchJson(server.baseUrl, '/v2/enqueue', {
  body: { routing_key: server.routingKey, event_action: 'trigger', payload: { summary, source: 'test', severity: 'info' } },
});

test('a body that stalls halfway is cut with a 408 in the seeds\' shape within the timeout; other clients are served meanwhile', async () => {
  const stalled = await connect();
  const body = JSON.stringify({ routing_key: server.routingKey, event_action: 'trigger', payload: { summary: 'half', source: 's', severity: 'info' } });
  stalled.socket.write(`POST /v2/enqueue HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 20)}`);

  // While it stalls, another client's requests keep succeeding, one after the other.
  let served = 0;
  const others = (async () => {
    for (let i = 0; i < 5; i++) {
      const res = await enqueue(`other ${i}`);
      assert.equal(res.status, 202, res.text);
      served++;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  const closedAfter = await stalled.closed;
  await others;
  assert.equal(served, 5);
  assert.ok(closedAfter >= REQUEST_TIMEOUT_MS - 50, `cut after ${closedAfter} ms, not before the timeout`);
  assert.ok(closedAfter < REQUEST_TIMEOUT_MS + 2000, `cut after ${closedAfter} ms, within the timeout (and Node's check interval)`);
  const answer = stalled.received();
  assert.match(answer, /^HTTP\/1\.1 408 Request Timeout\r\n/);
  assert.match(answer, /\r\nconnection: close\r\n/i);
  const json = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } };
  assert.equal(json.error.code, 'REQUEST_TIMEOUT');
  // Nothing half-sent was taken.
  const listed = await fetchJson(server.baseUrl, '/api/incidents?q=half', { key: server.adminKey });
  assert.equal(listed.body.total, 0);
});

test('headers that never end are cut with a 408 after the headers timeout', async () => {
  const slow = await connect();
  slow.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: a`);
  const trickle = setInterval(() => { if (!slow.socket.destroyed) slow.socket.write('a'); }, 100);
  try {
    const closedAfter = await slow.closed;
    assert.ok(closedAfter < HEADERS_TIMEOUT_MS + 2000, `cut after ${closedAfter} ms`);
    assert.match(slow.received(), /^HTTP\/1\.1 408 /);
  } finally {
    clearInterval(trickle);
  }
});

test('the window\'s change stream stays open past every timeout and still delivers changes', async () => {
  const signIn = await fetch(new URL('/bridge/session', server.baseUrl), { method: 'POST', headers: { authorization: `Bearer ${server.adminKey}` } });
  assert.equal(signIn.status, 200);
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const { tab } = await signIn.json() as { tab: string };
  const stream = await connect();
  stream.socket.write(`GET /bridge/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nx-klaxon-tab: ${tab}\r\nAccept: text/event-stream\r\n\r\n`);
  let open = true;
  void stream.closed.then(() => { open = false; });
  // Longer than the request, headers and idle timeouts together, with nothing happening on the stream.
  await new Promise((r) => setTimeout(r, REQUEST_TIMEOUT_MS + IDLE_TIMEOUT_MS + 500));
  assert.ok(open, 'the stream is still open');
  assert.match(stream.received(), /^HTTP\/1\.1 200 /);
  const res = await enqueue('seen on the stream');
  assert.equal(res.status, 202);
  const deadline = Date.now() + 5000;
  while (!stream.received().includes('seen on the stream') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(stream.received().includes('seen on the stream'), 'the change arrived');
  stream.socket.destroy();
});

test('beyond the connection cap new sockets are closed at once; idle ones are cut and the host answers again', async () => {
  const holders = await Promise.all(Array.from({ length: 8 }, () => connect()));
  // Let the server register them all before the extra one arrives.
  await new Promise((r) => setTimeout(r, 100));
  const extra = await connect();
  const extraClosedAfter = await extra.closed;
  assert.ok(extraClosedAfter < 500, `the extra connection was closed at once (${extraClosedAfter} ms)`);
  assert.equal(extra.received(), '', 'it was given nothing');
  // Holders that send nothing are cut by the headers timeout, which frees the slots.
  await Promise.all(holders.map((h) => h.closed));
  const res = await fetchJson(server.baseUrl, '/healthz');
  assert.equal(res.status, 200);
});

test('a keep-alive connection ends after its quota of requests, and after being idle', async () => {
  const client = await connect();
  const ask = async (n: number) => {
    const before = client.received().length;
    client.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    const deadline = Date.now() + 5000;
    while (!/\r\n\r\n\{[^}]*\}$/.test(client.received().slice(before)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return { n, text: client.received().slice(before) };
  };
  assert.match((await ask(1)).text, /\r\nconnection: keep-alive\r\n/i);
  assert.match((await ask(2)).text, /\r\nconnection: keep-alive\r\n/i);
  assert.match((await ask(3)).text, /\r\nconnection: close\r\n/i, 'the third of three allowed requests closes the connection');
  await client.closed;

  const idle = await connect();
  idle.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  const closedAfter = await idle.closed;
  assert.match(idle.received(), /^HTTP\/1\.1 200 /);
  assert.ok(closedAfter < 1000 + 2000, `an idle keep-alive connection is closed after its timeout (${closedAfter} ms)`);
});
