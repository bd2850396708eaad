// What discovery makes of what it hears, without a socket: a LAN neighbour can announce anything, so records are
// validated before the sync manager gets an address to dial. Also: under test, discovery refuses to open an mDNS
// socket outside a test's network namespace, and its wiring to bonjour-service (with a fake in its place) never
// lets an error or a throwing callback reach the host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import type { Bonjour } from 'bonjour-service';
import type { Logger } from '../../src-main/log.ts';
import {
  PeerTable, isDialable, multicastAllowed, readSighting, startDiscovery, type DiscoveredPeer, type ServiceSighting,
} from '../../src-main/sync/discovery.ts';

const self = { deviceId: 'selfaaaaaaaaaaaa', teamId: 'team_ops' };
const bob = (over: Partial<ServiceSighting> = {}): ServiceSighting => ({
  name: 'bobbbbbbbbbbbbbb', port: 8978,
  txt: { v: '1', team: 'team_ops', dev: 'bobbbbbbbbbbbbbb' },
  addresses: ['192.168.1.20', 'fe80::1c2b:3aff:fe11:2233', '2001:db8::20'],
  referer: { address: '192.168.1.20', family: 'IPv4', port: 5353, size: 200 },
  ...over,
});

test('a teammate is read with its dialable addresses, the one it spoke from first', () => {
  assert.deepEqual(readSighting(bob(), self), {
    deviceId: 'bobbbbbbbbbbbbbb', teamId: 'team_ops', addresses: ['192.168.1.20', '2001:db8::20'], port: 8978,
  });
  assert.deepEqual((readSighting(bob({ referer: { address: '10.0.0.5' } }), self) as DiscoveredPeer).addresses,
    ['10.0.0.5', '192.168.1.20', '2001:db8::20']);
});

test('this device, other teams and malformed announcements are not peers', () => {
  const cases: [string, ServiceSighting][] = [
    ['this device', bob({ name: self.deviceId, txt: { v: '1', team: 'team_ops', dev: self.deviceId } })],
    ['another team', bob({ txt: { v: '1', team: 'team_web', dev: 'bobbbbbbbbbbbbbb' } })],
    ['no TXT', bob({ txt: undefined })],
    ['TXT version 2', bob({ txt: { v: '2', team: 'team_ops', dev: 'bobbbbbbbbbbbbbb' } })],
    ['a team id with a space', bob({ txt: { v: '1', team: 'team ops', dev: 'bobbbbbbbbbbbbbb' } })],
    ['markup for a team id', bob({ txt: { v: '1', team: '<img src=x>', dev: 'bobbbbbbbbbbbbbb' } })],
    ['a team id of 65 characters', bob({ txt: { v: '1', team: 't'.repeat(65), dev: 'bobbbbbbbbbbbbbb' } })],
    ['a team id that is not a string', bob({ txt: { v: '1', team: ['team_ops'], dev: 'bobbbbbbbbbbbbbb' } })],
    ['dev differing from the instance name', bob({ txt: { v: '1', team: 'team_ops', dev: 'malloryyyyyyyyyy' } })],
    ['an instance name that is a person', bob({ name: "Bob's MacBook", txt: { v: '1', team: 'team_ops', dev: "Bob's MacBook" } })],
    ['an instance name of 49 characters', bob({ name: 'b'.repeat(49), txt: { v: '1', team: 'team_ops', dev: 'b'.repeat(49) } })],
    ['an instance name with a control character', bob({ name: 'bob\nbbbbbbbbbbbb', txt: { v: '1', team: 'team_ops', dev: 'bob\nbbbbbbbbbbbb' } })],
    ['port 0', bob({ port: 0 })],
    ['port 70000', bob({ port: 70000 })],
    ['a port as text', bob({ port: '8978' })],
    ['only undialable addresses', bob({ referer: { address: '127.0.0.1' }, addresses: ['127.0.0.1', '::1', '0.0.0.0', '224.0.0.251', 'fe80::1', 'fe80::1%eth0', '::ffff:127.0.0.1', 'ff02::fb', 'bob.local', 42] })],
  ];
  for (const [what, sighting] of cases) assert.equal(typeof readSighting(sighting, self), 'string', what);
});

test('TXT keys count only as the record\'s own, never inherited', () => {
  const inherited = Object.create({ v: '1', team: 'team_ops', dev: 'bobbbbbbbbbbbbbb' }) as Record<string, unknown>;
  assert.equal(typeof readSighting(bob({ txt: inherited }), self), 'string');
});

test('a flood of addresses is cut to sixteen', () => {
  const many = Array.from({ length: 500 }, (_, i) => `10.1.${i >> 8}.${i & 255}`);
  const peer = readSighting(bob({ addresses: many, referer: undefined }), self) as DiscoveredPeer;
  assert.equal(peer.addresses.length, 16);
});

test('isDialable keeps LAN addresses and drops what only reaches this machine or no one', () => {
  for (const a of ['10.0.0.1', '192.168.1.20', '172.20.10.3', '169.254.10.1', '2001:db8::1', 'fd00::1']) assert.ok(isDialable(a), a);
  for (const a of ['127.0.0.1', '0.0.0.0', '239.255.255.250', '255.255.255.255', '::', '::1', 'fe80::1', 'FE80::1', 'ff02::fb', '::ffff:10.0.0.1', 'localhost', '']) assert.ok(!isDialable(a), a);
});

test('the peer table reports a teammate once, again when it moves, and its leaving', () => {
  const table = new PeerTable(self);
  const first = table.sighted(bob());
  assert.deepEqual(first.peer?.addresses, ['192.168.1.20', '2001:db8::20']);
  assert.deepEqual(table.sighted(bob()), {}, 'the same announcement again is no news');
  // An answer to a lone SRV query (no TXT, no A records) keeps what the full announcement said.
  assert.deepEqual(table.sighted(bob({ txt: undefined, addresses: [], referer: undefined })), {});
  const moved = table.sighted(bob({ addresses: ['10.0.0.9'], referer: { address: '10.0.0.9' } }));
  assert.deepEqual(moved.peer?.addresses, ['10.0.0.9']);
  assert.equal(table.sighted(bob({ port: 9000, addresses: ['10.0.0.9'], referer: { address: '10.0.0.9' } })).peer?.port, 9000);
  assert.equal(table.left(bob())?.deviceId, 'bobbbbbbbbbbbbbb');
  assert.equal(table.left(bob()), undefined, 'a second goodbye is nothing');
  assert.equal(table.left({ name: 'strangerrrrrrrrr' }), undefined);
});

test('a teammate that turns into another team or into garbage is gone', () => {
  const table = new PeerTable(self);
  table.sighted(bob());
  const change = table.sighted(bob({ txt: { v: '1', team: 'team_web', dev: 'bobbbbbbbbbbbbbb' } }));
  assert.equal(change.gone?.deviceId, 'bobbbbbbbbbbbbbb');
  assert.equal(change.peer, undefined);
  assert.deepEqual(table.sighted(bob({ txt: { v: '1', team: 'team_web', dev: 'bobbbbbbbbbbbbbb' } })), { ignored: 'another team' });
});

test('a neighbour announcing thousands of fake teammates fills the table only to its limit', () => {
  const table = new PeerTable(self, 3);
  const fake = (i: number) => bob({ name: `fake${i}`, txt: { v: '1', team: 'team_ops', dev: `fake${i}` } });
  const reported = Array.from({ length: 1000 }, (_, i) => table.sighted(fake(i))).filter((c) => c.peer).length;
  assert.equal(reported, 3);
  assert.ok(table.sighted(bob()).ignored);
});

test('under test, mDNS is allowed only in the network namespace KLAXON_TEST_NETNS names', () => {
  assert.equal(multicastAllowed({}), undefined, 'outside tests nothing is checked');
  assert.match(multicastAllowed({ KLAXON_TEST: '1' }) ?? '', /network namespace/);
  const inodes: Record<string, number> = { '/var/run/netns/kx1-h0': 7, '/proc/self/ns/net': 7, '/var/run/netns/kx1-h1': 8 };
  const inode = (p: string) => { if (!(p in inodes)) throw new Error(`ENOENT ${p}`); return inodes[p]!; };
  assert.equal(multicastAllowed({ KLAXON_TEST: '1', KLAXON_TEST_NETNS: 'kx1-h0' }, inode), undefined);
  assert.ok(multicastAllowed({ KLAXON_TEST: '1', KLAXON_TEST_NETNS: 'kx1-h1' }, inode), 'another namespace than ours');
  assert.ok(multicastAllowed({ KLAXON_TEST: '1', KLAXON_TEST_NETNS: 'missing' }, inode), 'no such namespace');
  // The real test process: it is in the host's namespace, and a path cannot point the check at itself.
  assert.ok(multicastAllowed({ KLAXON_TEST: '1', KLAXON_TEST_NETNS: '../../proc/self/ns/net' }));
  assert.ok(multicastAllowed({ KLAXON_TEST: '1', KLAXON_TEST_NETNS: '..' }));
});

function recordingLog() {
  const lines: string[] = [];
  const log: Logger = { info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
  return { lines, log };
}

test('in a test outside a namespace, or with an invalid identity, discovery stays off and opens no socket', async () => {
  let created = 0;
  const createBonjour = () => { created++; throw new Error('must not be called'); };
  const { lines, log } = recordingLog();
  const inHost = startDiscovery({ ...self, port: 8978, log, onPeer() {} }, { createBonjour, env: { KLAXON_TEST: '1' } });
  assert.equal(inHost.running, false);
  await inHost.refresh();
  await inHost.stop();
  const bad = startDiscovery({ deviceId: 'bob.local', teamId: 'team_ops', port: 8978, log, onPeer() {} }, { createBonjour, env: {} });
  assert.equal(bad.running, false);
  assert.equal(created, 0);
  assert.deepEqual(lines.map((l) => l.split(':')[0]), ['warn mDNS discovery is off', 'error mDNS discovery is off']);
});

/** bonjour-service's surface as discovery uses it, with the internal socket it has to watch. */
class FakeBonjour {
  server = { mdns: Object.assign(new EventEmitter(), { query: (_n: string, _t: string, cb: (e: Error | null) => void) => { this.queries.push(cb); } }) };
  published: Record<string, unknown>[] = [];
  browser = new EventEmitter();
  queries: ((e: Error | null) => void)[] = [];
  unpublished = 0;
  destroyed = 0;
  publish(cfg: Record<string, unknown>) { this.published.push(cfg); }
  find() { return this.browser; }
  unpublishAll(cb: () => void) { this.unpublished++; cb(); }
  destroy() { this.destroyed++; }
}

test('what this device announces names it by its device id only, and nothing a neighbour or the host does crashes it', async () => {
  const fakes: FakeBonjour[] = [];
  const createBonjour = () => { const f = new FakeBonjour(); fakes.push(f); return f as unknown as Bonjour; };
  const { lines, log } = recordingLog();
  const found: DiscoveredPeer[] = [];
  const gone: DiscoveredPeer[] = [];
  const discovery = startDiscovery({
    ...self, port: 8978, log,
    onPeer: (p) => { found.push(p); if (found.length === 1) throw new Error('sync manager bug'); },
    onPeerGone: (p) => gone.push(p),
  }, { createBonjour, env: {} });
  const fake = fakes[0]!;
  const announced = fake.published[0]!;
  assert.equal(announced.name, self.deviceId);
  assert.equal(announced.type, 'klaxon-sync');
  assert.equal(announced.port, 8978);
  assert.equal(announced.probe, false);
  assert.deepEqual(announced.txt, { v: '1', team: 'team_ops', dev: self.deviceId });
  assert.match(String(announced.host), new RegExp(`^${self.deviceId}-[0-9a-f]{8}\\.local$`));
  assert.ok(!String(announced.host).includes(os.hostname()));

  fake.browser.emit('up', bob());
  assert.match(lines.join('\n'), /onPeer failed: sync manager bug/);
  fake.browser.emit('up', bob({ name: 'carolccccccccccc', txt: { v: '1', team: 'team_ops', dev: 'carolccccccccccc' } }));
  assert.deepEqual(found.map((p) => p.deviceId), ['bobbbbbbbbbbbbbb', 'carolccccccccccc'], 'a throwing onPeer does not stop discovery');
  fake.browser.emit('down', bob());
  assert.deepEqual(gone.map((p) => p.deviceId), ['bobbbbbbbbbbbbbb']);

  // The socket fails (twice): one warning, and discovery is off; without a listener this error would crash the host.
  fake.server.mdns.emit('error', Object.assign(new Error('bind EADDRINUSE 0.0.0.0:5353'), { code: 'EADDRINUSE' }));
  fake.server.mdns.emit('error', new Error('again'));
  fake.queries[0]!(new Error('send ENETUNREACH'));
  assert.equal(lines.filter((l) => l.startsWith('warn')).length, 1);
  assert.equal(discovery.running, false);
  assert.equal(fake.destroyed, 1);

  // After a network change the sync manager refreshes: a new socket, announced again.
  await discovery.refresh();
  assert.equal(fakes.length, 2);
  assert.equal(discovery.running, true);
  await discovery.stop();
  assert.equal(fakes[1]!.unpublished, 1, 'stop says goodbye');
  assert.equal(fakes[1]!.destroyed, 1);
  assert.equal(discovery.running, false);
  await discovery.refresh();
  assert.equal(fakes.length, 2, 'a stopped discovery stays stopped');
});
