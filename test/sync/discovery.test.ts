// LAN discovery for real: laptops are network namespaces joined by a veth pair (test/support/netns.ts), each one
// running src-main/sync/discovery.ts in its own process (fixtures/discover.ts) with the real bonjour-service
// socket. Nothing here runs in the host's namespace: the fixtures refuse to, and the test checks where they ran.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { createNetnsLan, type NetnsHost, type NetnsLan } from '../support/netns.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const DEADLINE_MS = 15_000;

interface Line { event?: string; [key: string]: unknown }

interface Running {
  lines: Line[];
  /** Resolves with the first line (seen or to come) that matches, or fails after DEADLINE_MS saying what was awaited. */
  waitFor(match: (l: Line) => boolean, what: string): Promise<Line>;
  send(command: string): void;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
  child: ChildProcess;
}

function watch(child: ChildProcess, name: string): Running {
  const lines: Line[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    partial += d.toString();
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const p of parts) if (p.trim()) lines.push(JSON.parse(p) as Line);
    for (const l of listeners) l();
  });
  child.stderr!.on('data', (d: Buffer) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    lines, child,
    waitFor: (match, what) => new Promise((resolve, reject) => {
      const check = () => {
        const hit = lines.find(match);
        if (!hit) return false;
        clearTimeout(timer);
        listeners.delete(check);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`${name}: no ${what} within ${DEADLINE_MS} ms; it printed:\n${lines.map((l) => JSON.stringify(l)).join('\n')}\n${stderr}`));
      }, DEADLINE_MS);
      if (!check()) listeners.add(check);
    }),
    send: (command) => child.stdin!.write(`${command}\n`),
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A laptop: discovery for one device, in a host's namespace, under a hostname that names its owner. */
function laptop(lan: NetnsLan, host: NetnsHost, o: { team: string; device: string; port: number; hostname: string }): Running {
  const child = lan.spawn(host, 'unshare', [
    '--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', o.hostname,
    process.execPath, path.join(FIXTURES, 'discover.ts'), o.team, o.device, String(o.port),
  ], { env: { ...process.env, KLAXON_TEST: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  return watch(child, `${o.device} (${o.team}) in ${host.netns}`);
}

const peers = (r: Running) => r.lines.filter((l) => l.event === 'peer');
const isPeer = (device: string) => (l: Line) => l.event === 'peer' && l.deviceId === device;

async function newLan(t: TestContext, opts: Parameters<typeof createNetnsLan>[1] = {}) {
  return createNetnsLan(t, opts);
}

test('two laptops of a team find each other on a LAN, another team is never reported, and a goodbye is noticed', async (t) => {
  const lan = await newLan(t);
  const [a, b] = lan.hosts as [NetnsHost, NetnsHost];
  const sniffer = watch(lan.spawn(a, process.execPath, [path.join(FIXTURES, 'sniff.ts'), a.address], { stdio: ['ignore', 'pipe', 'pipe'] }), 'sniffer');
  await sniffer.waitFor((l) => l.listening === true, 'listening');

  const alice = laptop(lan, a, { team: 'team_ops', device: 'aliceaaaaaaaaaaa', port: 8978, hostname: 'alices-macbook-pro' });
  const bob = laptop(lan, b, { team: 'team_ops', device: 'bobbbbbbbbbbbbbb', port: 8979, hostname: 'bobs-thinkpad' });
  // Another team on the same LAN, one laptop beside each of ours.
  const carol = laptop(lan, b, { team: 'team_web', device: 'carolccccccccccc', port: 8980, hostname: 'carols-xps' });
  const dave = laptop(lan, a, { team: 'team_web', device: 'daveddddddddddddd', port: 8981, hostname: 'daves-air' });

  const bobSeen = await alice.waitFor(isPeer('bobbbbbbbbbbbbbb'), "Bob's laptop");
  assert.deepEqual(bobSeen, { event: 'peer', deviceId: 'bobbbbbbbbbbbbbb', teamId: 'team_ops', addresses: [b.address], port: 8979 });
  const aliceSeen = await bob.waitFor(isPeer('aliceaaaaaaaaaaa'), "Alice's laptop");
  assert.deepEqual(aliceSeen, { event: 'peer', deviceId: 'aliceaaaaaaaaaaa', teamId: 'team_ops', addresses: [a.address], port: 8978 });
  // Carol and Dave finding each other proves their announcements crossed the LAN both ways, past Alice and Bob.
  await carol.waitFor(isPeer('daveddddddddddddd'), "Dave's laptop");
  await dave.waitFor(isPeer('carolccccccccccc'), "Carol's laptop");

  assert.equal(await bob.stop(), 0);
  assert.equal(bob.lines.at(-1)?.event, 'stopped');
  const gone = await alice.waitFor((l) => l.event === 'gone', "Bob's goodbye");
  assert.equal(gone.deviceId, 'bobbbbbbbbbbbbbb');

  for (const r of [alice, carol, dave]) assert.equal(await r.stop(), 0);
  assert.deepEqual(peers(alice).map((l) => l.deviceId), ['bobbbbbbbbbbbbbb'], 'Alice reports only Bob, once');
  assert.deepEqual(peers(bob).map((l) => l.deviceId), ['aliceaaaaaaaaaaa']);
  assert.deepEqual(peers(carol).map((l) => l.deviceId), ['daveddddddddddddd']);
  assert.deepEqual(peers(dave).map((l) => l.deviceId), ['carolccccccccccc']);
  assert.deepEqual(carol.lines.filter((l) => l.event === 'gone'), [], "Bob's goodbye is nothing to another team");

  // Every one of them ran in a namespace of this LAN, none in the test's own.
  const own = readlinkSync('/proc/self/ns/net');
  for (const r of [alice, bob, carol, dave]) {
    const ready = r.lines.find((l) => l.event === 'ready');
    assert.ok(ready && typeof ready.netns === 'string' && ready.netns !== own, `ran in ${String(ready?.netns)}, the test is in ${own}`);
  }

  // On the air: device ids and team ids, never a person's machine name.
  await sniffer.stop();
  const air = sniffer.lines.filter((l) => typeof l.packet === 'string').map((l) => Buffer.from(l.packet as string, 'base64').toString('latin1')).join('\n');
  assert.match(air, /aliceaaaaaaaaaaa/);
  assert.match(air, /team=team_ops/);
  for (const name of ['alices-macbook-pro', 'bobs-thinkpad', 'carols-xps', 'daves-air']) assert.ok(!air.includes(name), `${name} went on the air`);
});

test('a laptop that moves to another address is reported again at its new address after it refreshes', async (t) => {
  const lan = await newLan(t);
  const [a, b] = lan.hosts as [NetnsHost, NetnsHost];
  const alice = laptop(lan, a, { team: 'team_ops', device: 'aliceaaaaaaaaaaa', port: 8978, hostname: 'alice' });
  const bob = laptop(lan, b, { team: 'team_ops', device: 'bobbbbbbbbbbbbbb', port: 8979, hostname: 'bob' });
  await alice.waitFor(isPeer('bobbbbbbbbbbbbbb'), "Bob's laptop");

  // Bob's DHCP lease changes; his wake detector fires and the sync manager refreshes discovery.
  const moved = '10.231.0.42';
  // The old address goes first (deleting a primary address deletes the secondaries of its subnet too), and with the
  // last address the routes go, so the multicast route comes back as a DHCP client would set it.
  const steps = [['addr', 'del', `${b.address}/24`, 'dev', 'eth0'], ['addr', 'add', `${moved}/24`, 'dev', 'eth0'], ['route', 'replace', '224.0.0.0/4', 'dev', 'eth0']];
  for (const args of steps) {
    const res = await lan.run(b, 'ip', args);
    assert.equal(res.code, 0, res.stderr);
  }
  bob.send('refresh');
  await bob.waitFor((l) => l.event === 'refreshed' && l.running === true, 'refresh');
  const again = await alice.waitFor((l) => isPeer('bobbbbbbbbbbbbbb')(l) && (l.addresses as string[]).includes(moved), "Bob's new address");
  assert.deepEqual(again.addresses, [moved]);
  assert.equal(alice.lines.filter((l) => l.event === 'gone').length, 0, 'a refresh says no goodbye');
});

test('no multicast route or a taken mDNS port: logged once, discovery stays off, the process lives on', async (t) => {
  const noRoute = await newLan(t, { multicast: false });
  const [a] = noRoute.hosts as [NetnsHost];
  const alone = laptop(noRoute, a, { team: 'team_ops', device: 'aliceaaaaaaaaaaa', port: 8978, hostname: 'alice' });
  await alone.waitFor((l) => l.event === 'log' && /mDNS discovery is off/.test(String(l.msg)), 'the mDNS warning');

  const lan = await newLan(t);
  const [c, d] = lan.hosts as [NetnsHost, NetnsHost];
  // Something else holds 5353 without SO_REUSEADDR (as some mDNS responders do).
  const holder = watch(lan.spawn(c, process.execPath, ['-e', `const s = require('node:dgram').createSocket({ type: 'udp4' });
    s.bind(5353, () => console.log(JSON.stringify({ bound: true })));`], { stdio: ['ignore', 'pipe', 'pipe'] }), 'port holder');
  await holder.waitFor((l) => l.bound === true, 'port 5353 bound');
  const blocked = laptop(lan, c, { team: 'team_ops', device: 'carolccccccccccc', port: 8978, hostname: 'carol' });
  const other = laptop(lan, d, { team: 'team_ops', device: 'daveddddddddddddd', port: 8979, hostname: 'dave' });
  await blocked.waitFor((l) => l.event === 'log' && /EADDRINUSE/.test(String(l.msg)), 'the EADDRINUSE warning');

  // Still alive and answering a while later, with nothing more logged.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  for (const r of [alone, blocked]) {
    r.send('running?');
    await r.waitFor((l) => l.event === 'running', 'an answer');
    assert.deepEqual(r.lines.filter((l) => l.event === 'running'), [{ event: 'running', running: false }]);
    assert.equal(r.lines.filter((l) => l.event === 'log').length, 1, JSON.stringify(r.lines));
    assert.equal(await r.stop(), 0);
  }
  assert.equal(alone.lines.filter((l) => l.event === 'log' && /ENETUNREACH/.test(String(l.msg))).length, 1);
  assert.deepEqual(peers(other), [], 'a device whose discovery is off announces nothing');
  await other.stop();
  await holder.stop();
});
