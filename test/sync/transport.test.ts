// Mutual TLS between devices, over real sockets on 127.0.0.1 with certificates made through the real store: each
// end learns the other's device id from its key; nothing but TLS 1.3 with a device certificate gets in; a client
// that reaches the wrong device refuses it; and a bad peer's bytes close that peer's connection, with a log line,
// while a well-behaved peer on the same server keeps syncing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSyncServer, type SyncServer } from '../../src-main/sync/transport/tls-server.ts';
import { connectToPeer, PeerIdentityError } from '../../src-main/sync/transport/tls-client.ts';
import type { InboundMessage, PeerConnection } from '../../src-main/sync/transport/connection.ts';
import type { DeviceCertificate } from '../../src-main/sync/identity.ts';
import { SYNC_PROTOCOL } from '../../src-shared/schemas/sync.ts';
import { captureLog, eventually, makeDevice, rawPeer, type CapturedLog } from './support/peers.ts';

const header = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const frameOf = (text: string) => Buffer.concat([header(Buffer.byteLength(text)), Buffer.from(text)]);

/** A client that keeps what it receives, for awaiting replies in order. */
function inbox(conn: PeerConnection) {
  const got: InboundMessage[] = [];
  conn.onMessage((m) => { got.push(m); });
  return {
    got,
    async next(): Promise<InboundMessage> {
      const n = got.length;
      await eventually(() => got.length > n, 'a message');
      return got[n]!;
    },
  };
}

describe('sync transport: mutual TLS', () => {
  const cleanup: (() => void)[] = [];
  const t = { after: (fn: () => void) => cleanup.push(fn) };
  let server: SyncServer;
  let serverLog: CapturedLog;
  let a: DeviceCertificate, b: DeviceCertificate, c: DeviceCertificate;
  /** Connections the server handed to onPeer, in order. */
  const accepted: PeerConnection[] = [];
  const revoked = new Set<string>();

  before(async () => {
    [a, b, c] = await Promise.all([makeDevice(t), makeDevice(t), makeDevice(t)]);
    serverLog = captureLog();
    // Echo: each message is answered with an ack counting the sender's messages so far.
    server = await startSyncServer({
      identity: a, host: '127.0.0.1', port: 0, log: serverLog.log,
      onPeer(conn) {
        accepted.push(conn);
        if (revoked.has(conn.peerDeviceId)) return conn.refuse('revoked', `device ${conn.peerDeviceId} was revoked`);
        let count = 0;
        conn.onMessage(async (m) => {
          if (m.t === 'welcome' && m.userId === 'throw') throw new Error('a bug in the handler');
          await conn.send({ t: 'ack', vv: { [conn.peerDeviceId]: ++count } });
        });
      },
    });
  });
  after(async () => {
    await server?.close();
    for (const fn of cleanup) fn();
  });

  const hello = (d: DeviceCertificate) => ({ t: 'hello' as const, proto: SYNC_PROTOCOL, app: 'klaxon-test', teamId: 'team_1', deviceId: d.deviceId, vv: {} });
  const connect = (d: DeviceCertificate, expectDeviceId?: string, log = captureLog().log) =>
    connectToPeer({ host: '127.0.0.1', port: server.port, identity: d, expectDeviceId, log });

  it('two devices exchange frames, and each sees the other\'s device id', async () => {
    const client = await connect(b, a.deviceId);
    assert.equal(client.peerDeviceId, a.deviceId);
    assert.equal(client.remoteAddress, '127.0.0.1');
    const box = inbox(client);
    await client.send(hello(b));
    assert.deepEqual(await box.next(), { t: 'ack', vv: { [b.deviceId]: 1 } });
    await client.send({ t: 'ack', vv: { [b.deviceId]: 7 } });
    assert.deepEqual(await box.next(), { t: 'ack', vv: { [b.deviceId]: 2 } });
    const serverSide = accepted.at(-1)!;
    assert.equal(serverSide.peerDeviceId, b.deviceId);
    assert.equal(serverSide.remoteAddress, '127.0.0.1');

    const closedWith = new Promise<string>((resolve) => serverSide.onClose(resolve));
    client.close('done for today');
    assert.equal(await closedWith, 'the peer said bye: done for today');
    await serverLog.waitFor(new RegExp(`info: sync: closed the connection with device ${b.deviceId} at 127\\.0\\.0\\.1:\\d+: the peer said bye: done for today`));
    await assert.rejects(client.send(hello(b)), /is closed: done for today/);
  });

  it('the TLS exporter gives both ends the same secret, and another session another', async () => {
    const first = await connect(b, a.deviceId);
    await first.send(hello(b));
    await inbox(first).next();
    const firstServer = accepted.at(-1)!;
    const mine = first.exportKeyingMaterial(32, 'EXPORTER-klaxon-join');
    assert.equal(mine.length, 32);
    assert.deepEqual(firstServer.exportKeyingMaterial(32, 'EXPORTER-klaxon-join'), mine);
    assert.notDeepEqual(first.exportKeyingMaterial(32, 'EXPORTER-other-label'), mine);

    const second = await connect(b, a.deviceId);
    await second.send(hello(b));
    await inbox(second).next();
    assert.notDeepEqual(second.exportKeyingMaterial(32, 'EXPORTER-klaxon-join'), mine);
    assert.deepEqual(accepted.at(-1)!.exportKeyingMaterial(32, 'EXPORTER-klaxon-join'), second.exportKeyingMaterial(32, 'EXPORTER-klaxon-join'));
    first.close('test over');
    second.close('test over');
  });

  it('a client that only speaks TLS 1.2 is refused, and no peer is handed on', async () => {
    const before = accepted.length;
    await assert.rejects(rawPeer(server.port, b, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }), /protocol version/);
    await serverLog.waitFor(/warn: sync: closed the connection from 127\.0\.0\.1:\d+: TLS handshake failed: unsupported protocol/);
    assert.equal(accepted.length, before);
  });

  it('a client without a certificate is refused', async () => {
    const before = accepted.length;
    const anonymous = await rawPeer(server.port);
    anonymous.send(hello(b));
    await anonymous.closed;
    await serverLog.waitFor(/warn: sync: closed the connection from 127\.0\.0\.1:\d+: the peer presented no certificate/);
    assert.equal(accepted.length, before);
    assert.deepEqual(anonymous.received, []);
  });

  it('a client expecting another device refuses the server (a man in the middle is not who we dialled)', async () => {
    const clientLog = captureLog();
    const err = await connect(b, c.deviceId, clientLog.log).catch((e: unknown) => e);
    assert.ok(err instanceof PeerIdentityError, String(err));
    assert.match(err.message, new RegExp(`the server is device ${a.deviceId}, not the expected ${c.deviceId}`));
    await clientLog.waitFor(new RegExp(`warn: sync: could not connect to device ${c.deviceId} at 127\\.0\\.0\\.1:${server.port}: the server is device ${a.deviceId}`));
  });

  it('a device the caller refuses (revoked) is told why and closed, with a log line', async () => {
    revoked.add(c.deviceId);
    const client = await connect(c, a.deviceId);
    const box = inbox(client);
    const closed = new Promise<string>((resolve) => client.onClose(resolve));
    assert.deepEqual(await box.next(), { t: 'refused', code: 'revoked', message: `device ${c.deviceId} was revoked` });
    assert.equal(await closed, `the peer refused us (revoked): device ${c.deviceId} was revoked`);
    await serverLog.waitFor(new RegExp(`warn: sync: closed the connection with device ${c.deviceId} at 127\\.0\\.0\\.1:\\d+: refused \\(revoked\\)`));
    revoked.delete(c.deviceId);
  });

  it('bad bytes close only that connection, with a log line; a well-behaved peer keeps syncing', async () => {
    const good = await connect(b, a.deviceId);
    const box = inbox(good);
    let acks = 0;
    const roundTrip = async () => {
      await good.send(hello(b));
      assert.deepEqual(await box.next(), { t: 'ack', vv: { [b.deviceId]: ++acks } });
    };
    await roundTrip();

    const attacks: { name: string; bytes: Buffer; logged: RegExp }[] = [
      { name: 'oversize frame', bytes: header(5 * 1024 * 1024), logged: /frame of 5242880 bytes exceeds the limit of 4194304/ },
      { name: 'an HTTP request', bytes: Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), logged: /frame of \d+ bytes exceeds the limit/ },
      { name: 'zero-length frame', bytes: header(0), logged: /zero-length frame/ },
      { name: 'garbage in a frame', bytes: frameOf('\u0000\u0001 not json {'), logged: /frame is not JSON/ },
      { name: 'bad UTF-8', bytes: Buffer.concat([header(3), Buffer.from([0xff, 0xfe, 0xfd])]), logged: /not valid UTF-8/ },
      { name: 'too-deep JSON', bytes: frameOf(`{"t":"hello","x":${'['.repeat(65)}${']'.repeat(65)}}`), logged: /nested deeper than 64 levels/ },
      { name: 'unknown message type', bytes: frameOf('{"t":"gimme_all_keys"}'), logged: /unknown message type "gimme_all_keys"/ },
      { name: 'invalid message', bytes: frameOf(JSON.stringify({ ...hello(c), proto: 'one' })), logged: /invalid hello message: proto/ },
    ];
    for (const attack of attacks) {
      const bad = await rawPeer(server.port, c);
      bad.write(attack.bytes);
      await bad.closed;
      assert.deepEqual(bad.received.map((m) => [m.t, m.code]), [['refused', 'bad_frame']], attack.name);
      const line = await serverLog.waitFor(new RegExp(`warn: sync: closed the connection with device ${c.deviceId} at 127\\.0\\.0\\.1:${bad.localPort}: refused \\(bad_frame\\): .*${attack.logged.source}`));
      assert.ok(line, attack.name);
      await roundTrip();
    }
    assert.equal(good.closed, false);
    good.close('test over');
  });

  it('a handler that throws closes its connection with an error line; the server goes on', async () => {
    const client = await connect(b, a.deviceId);
    const box = inbox(client);
    const closed = new Promise<string>((resolve) => client.onClose(resolve));
    await client.send({ t: 'welcome', teamId: 'team_1', deviceId: a.deviceId, userId: 'throw' });
    assert.equal(await closed, 'the peer said bye: internal error');
    assert.deepEqual(box.got, []);
    await serverLog.waitFor(new RegExp(`error: sync: the handler for device ${b.deviceId} .*failed: Error: a bug in the handler`));

    const again = await connect(b, a.deviceId);
    const box2 = inbox(again);
    await again.send(hello(b));
    assert.equal((await box2.next()).t, 'ack');
    again.close('test over');
  });

  it('closing the server closes its connections', async () => {
    const log = captureLog();
    const own = await startSyncServer({ identity: a, host: '127.0.0.1', port: 0, log: log.log, onPeer: (conn) => conn.onMessage(() => {}) });
    const client = await connectToPeer({ host: '127.0.0.1', port: own.port, identity: b, expectDeviceId: a.deviceId, log: captureLog().log });
    inbox(client);
    await client.send(hello(b));
    await eventually(() => own.connectionCount === 1, 'the connection to be counted');
    const closed = new Promise<string>((resolve) => client.onClose(resolve));
    await own.close();
    assert.match(await closed, /./);
    assert.equal(own.connectionCount, 0);
  });
});
