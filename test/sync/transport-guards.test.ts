// What a hostile or broken peer can cost a sync server: a connection that never speaks, a frame trickled byte by
// byte, a silent peer, a handshake never finished, a flood of handshakes from one address, a pile of connections
// waiting — each is closed with a log line while a well-behaved peer on the same server still gets through. And a
// sender is held back (send() pending) while its peer is not reading. Timeouts are injected small.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startSyncServer, type SyncServer } from '../../src-main/sync/transport/tls-server.ts';
import { connectToPeer } from '../../src-main/sync/transport/tls-client.ts';
import type { InboundMessage, PeerConnection } from '../../src-main/sync/transport/connection.ts';
import type { ServerLimits } from '../../src-main/sync/transport/limits.ts';
import type { DeviceCertificate } from '../../src-main/sync/identity.ts';
import { SYNC_PROTOCOL, type SyncMessage } from '../../src-shared/schemas/sync.ts';
import { captureLog, eventually, makeDevice, rawPeer, sleep, type CapturedLog } from './support/peers.ts';

const cleanup: (() => unknown)[] = [];
const t = { after: (fn: () => void) => cleanup.push(fn) };
after(async () => { for (const fn of cleanup.reverse()) await fn(); });

let devices: Promise<DeviceCertificate[]> | null = null;
/** Server device, a good client, a bad client. */
const getDevices = () => (devices ??= Promise.all([makeDevice(t), makeDevice(t), makeDevice(t)]));

const hello = (d: DeviceCertificate): SyncMessage => ({ t: 'hello', proto: SYNC_PROTOCOL, app: 'klaxon-test', teamId: 'team_1', deviceId: d.deviceId, vv: {} });

/** A server whose peers get an `ack` for each message, with the limits given. */
async function echoServer(limits: Partial<ServerLimits>): Promise<{ server: SyncServer; log: CapturedLog }> {
  const [a] = await getDevices();
  const log = captureLog();
  const server = await startSyncServer({
    identity: a!, host: '127.0.0.1', port: 0, log: log.log, limits,
    onPeer(conn) {
      let n = 0;
      conn.onMessage((m) => conn.send({ t: 'ack', vv: { [conn.peerDeviceId]: ++n } }).then(() => { void m; }));
    },
  });
  cleanup.push(() => server.close());
  return { server, log };
}

/** A well-behaved client; `roundTrip` proves the server still answers it. */
async function goodClient(server: SyncServer) {
  const [a, b] = await getDevices();
  const conn = await connectToPeer({ host: '127.0.0.1', port: server.port, identity: b!, expectDeviceId: a!.deviceId, log: captureLog().log });
  cleanup.push(() => conn.close('test over'));
  const got: InboundMessage[] = [];
  conn.onMessage((m) => { got.push(m); });
  return {
    conn,
    async roundTrip() {
      const n = got.length;
      await conn.send(hello(b!));
      await eventually(() => got.length > n, 'an ack from the server');
    },
  };
}

const FAST = { firstFrameTimeoutMs: 400, frameTimeoutMs: 400, handshakeTimeoutMs: 400, pingIntervalMs: 150, idleTimeoutMs: 600 };

describe('sync transport guards', () => {
  it('a peer that sends no first frame is refused with `timeout`', async () => {
    const { server, log } = await echoServer(FAST);
    const [, , bad] = await getDevices();
    const mute = await rawPeer(server.port, bad);
    const started = Date.now();
    await mute.closed;
    assert.ok(Date.now() - started >= 350, 'not before the timeout');
    assert.deepEqual(mute.received.map((m) => [m.t, m.code]), [['refused', 'timeout']]);
    await log.waitFor(new RegExp(`warn: sync: closed the connection with device ${bad!.deviceId} at 127\\.0\\.0\\.1:${mute.localPort}: refused \\(timeout\\): no message within 400 ms`));
  });

  it('slow-loris: a frame begun and trickled byte by byte is closed after the frame timeout', async () => {
    const { server, log } = await echoServer({ ...FAST, idleTimeoutMs: 60_000, pingIntervalMs: 60_000 });
    const [, , bad] = await getDevices();
    const good = await goodClient(server);
    const loris = await rawPeer(server.port, bad);
    loris.send(hello(bad!));
    await eventually(() => loris.received.length === 1, 'the ack of the first frame');
    // A header promising 100 bytes, then one byte every 50 ms: never silent, never done.
    const body = Buffer.from(`{"t":"bye","reason":"${'z'.repeat(77)}"}`);
    assert.equal(body.length, 100);
    const header = Buffer.alloc(4); header.writeUInt32BE(100);
    loris.write(header);
    const started = Date.now();
    const trickle = setInterval(() => { if (!loris.socket.destroyed) loris.write(body.subarray(0, 1)); }, 50);
    try {
      await good.roundTrip();
      await loris.closed;
    } finally {
      clearInterval(trickle);
    }
    assert.ok(Date.now() - started >= 350, 'not before the timeout');
    await log.waitFor(new RegExp(`warn: sync: closed the connection with device ${bad!.deviceId} at 127\\.0\\.0\\.1:${loris.localPort}: refused \\(timeout\\): a frame was begun and not completed within 400 ms`));
    assert.deepEqual(loris.received.at(-1), { t: 'refused', code: 'timeout', message: 'a frame was begun and not completed within 400 ms' });
    await good.roundTrip();
  });

  it('a silent peer is pinged, then closed; a peer that answers pings stays', async () => {
    const { server, log } = await echoServer(FAST);
    const [, , bad] = await getDevices();
    const good = await goodClient(server);
    await good.roundTrip();
    const silent = await rawPeer(server.port, bad);
    silent.send(hello(bad!));
    await silent.closed;
    assert.ok(silent.received.some((m) => m.t === 'ping'), 'pinged before being closed');
    assert.deepEqual(silent.received.at(-1), { t: 'refused', code: 'timeout', message: 'silent for 600 ms' });
    await log.waitFor(new RegExp(`warn: sync: closed the connection with device ${bad!.deviceId} at 127\\.0\\.0\\.1:${silent.localPort}: refused \\(timeout\\): silent for 600 ms`));
    // The good client said nothing of its own for as long, but answered the pings.
    assert.equal(good.conn.closed, false);
    await good.roundTrip();
  });

  it('a TCP connection that never starts TLS is closed after the handshake timeout', async () => {
    const { server, log } = await echoServer(FAST);
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise((resolve) => socket.once('connect', resolve));
    const port = socket.localPort;
    const started = Date.now();
    await closed;
    assert.ok(Date.now() - started >= 350, 'not before the timeout');
    await log.waitFor(new RegExp(`warn: sync: closed the connection from 127\\.0\\.0\\.1:${port}: no TLS handshake within 400 ms`));
  });

  it('a handshake flood from one address is cut at the rate limit, logged once; another address still gets through', async () => {
    const { server, log } = await echoServer({ handshakesPerSecond: 2, handshakeBurst: 5 });
    const flood = await Promise.all(Array.from({ length: 30 }, () => new Promise<{ closedAt: number | null; socket: net.Socket }>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port: server.port, localAddress: '127.0.0.2' });
      const entry = { closedAt: null as number | null, socket };
      socket.on('error', () => {});
      socket.on('close', () => { entry.closedAt = Date.now(); });
      socket.once('connect', () => resolve(entry));
    })));
    cleanup.push(() => { for (const f of flood) f.socket.destroy(); });
    const good = await goodClient(server);
    await good.roundTrip();
    await sleep(200);
    const cut = flood.filter((f) => f.closedAt !== null).length;
    assert.ok(cut >= 20 && cut <= 25, `${cut} of 30 cut`);
    const lines = log.lines.filter((l) => l.includes('from 127.0.0.2: more than 2 handshakes a second (burst 5)'));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /^warn: sync: refused a connection from 127\.0\.0\.2: more than 2 handshakes a second \(burst 5\) from this address$/);
  });

  it('connections waiting for their first frame are capped; one that speaks frees its place', async () => {
    const { server, log } = await echoServer({ maxPendingConnections: 2 });
    const [, , bad] = await getDevices();
    const first = await rawPeer(server.port, bad);
    const second = await rawPeer(server.port, bad);
    const third = await rawPeer(server.port, bad).catch((err: Error) => err);
    if (!(third instanceof Error)) await third.closed;
    await log.waitFor(/warn: sync: refused a connection from 127\.0\.0\.1: already 2 connections waiting for their first message/);
    first.send(hello(bad!));
    await eventually(() => first.received.length === 1, 'the ack');
    const good = await goodClient(server);
    await good.roundTrip();
    assert.equal(second.socket.destroyed, false);
  });

  it('send() waits while the peer is not reading, and every frame arrives once it reads', async () => {
    const [a, b] = await getDevices();
    const accepted: PeerConnection[] = [];
    const server = await startSyncServer({ identity: a!, host: '127.0.0.1', port: 0, log: captureLog().log, onPeer: (conn) => { accepted.push(conn); } });
    cleanup.push(() => server.close());
    const client = await connectToPeer({ host: '127.0.0.1', port: server.port, identity: b!, expectDeviceId: a!.deviceId, log: captureLog().log });
    cleanup.push(() => client.close('test over'));
    client.onMessage(() => {});
    const big = (i: number): SyncMessage => ({
      t: 'ops', device: b!.deviceId, from: i + 1,
      ops: [{ id: `${b!.deviceId}:${i + 1}`, hlc: '001767225600000.000000', type: 'note', entity: 'inc_x', data: 'x'.repeat(512 * 1024) }],
      head: { seq: i + 1, hash: '0'.repeat(64), sig: 'c2ln', publicKey: 'cHVi' },
    });
    // The server has not set a handler: it reads nothing, so the kernel's buffers fill and send() must wait.
    let sent = 0;
    let blocked: Promise<void> | null = null;
    while (sent < 200) {
      const p = client.send(big(sent++));
      if (await Promise.race([p.then(() => false), sleep(300).then(() => true)])) { blocked = p; break; }
    }
    assert.ok(blocked, 'send() never waited: nothing held the sender back');
    assert.ok(sent > 1);
    const received: number[] = [];
    await eventually(() => accepted.length === 1, 'the server to accept');
    accepted[0]!.onMessage(async (m) => {
      if (m.t === 'ops') received.push(m.from);
      await sleep(1); // a consumer slower than the wire: the socket must not read ahead without bound
    });
    await blocked;
    await eventually(() => received.length === sent, `all ${sent} frames`, 20_000);
    assert.deepEqual(received, Array.from({ length: sent }, (_, i) => i + 1));
  });
});
