// The network-namespace harness the sync tests stand on: hosts reach each other (a veth pair or a bridge) and
// nothing else, everything it made is gone afterwards (also when the test failed), the host's own interfaces are
// never touched, and without root the tests fail saying why instead of being skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNetnsLan, type NetnsHost } from '../support/netns.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ROOT } from '../support/cli.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const hostLinks = () => execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).split('\n').map((l) => l.split(':')[1]?.trim()).filter(Boolean).sort();
const namespaces = () => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
/** The environment for a nested `node --test` (which refuses to run files when it believes it is a subtest). */
const { NODE_TEST_CONTEXT: _nested, ...outerEnv } = process.env;
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

const TCP_SERVER = `const s = require('node:net').createServer((c) => c.end('hello from ' + process.argv[1]));
  s.listen(7000, process.argv[1], () => console.log('listening'));`;
const TCP_CLIENT = `const c = require('node:net').connect(7000, process.argv[1]); let got = '';
  c.setTimeout(3000, () => { console.log('timeout'); process.exit(1); });
  c.on('data', (d) => { got += d; }); c.on('end', () => console.log(got)); c.on('error', (e) => { console.log(e.code); process.exit(1); });`;

async function serveOn(lan: Awaited<ReturnType<typeof createNetnsLan>>, host: NetnsHost) {
  const server = lan.spawn(host, process.execPath, ['-e', TCP_SERVER, host.address], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => server.stdout!.once('data', () => resolve()));
  return server;
}

test('three hosts on a bridge reach each other, a host whose link is down is cut off, and it all goes away', async (t) => {
  const linksBefore = hostLinks();
  const lan = await createNetnsLan(t, { hosts: 3 });
  assert.deepEqual(lan.hosts.map((h) => h.address), ['10.231.0.1', '10.231.0.2', '10.231.0.3']);
  assert.deepEqual(hostLinks(), linksBefore, 'no interface appeared on the host');
  const [a, b, c] = lan.hosts as [NetnsHost, NetnsHost, NetnsHost];
  await serveOn(lan, c);
  for (const from of [a, b]) {
    const res = await lan.run(from, process.execPath, ['-e', TCP_CLIENT, c.address]);
    assert.equal(res.stdout.trim(), `hello from ${c.address}`, res.stderr);
  }
  const out = await lan.run(a, process.execPath, ['-e', TCP_CLIENT, '127.0.0.1']);
  assert.equal(out.stdout.trim(), 'ECONNREFUSED', "a host's loopback is its own");

  await lan.setLink(b, false);
  assert.notEqual((await lan.run(b, process.execPath, ['-e', TCP_CLIENT, c.address])).code, 0, 'partitioned');
  await lan.setLink(b, true);
  assert.equal((await lan.run(b, process.execPath, ['-e', TCP_CLIENT, c.address])).stdout.trim(), `hello from ${c.address}`);

  const names = lan.hosts.map((h) => h.netns);
  assert.ok(names.every((n) => namespaces().includes(n)));
  await lan.destroy();
  const left = namespaces();
  assert.ok(names.every((n) => !left.includes(n)), left);
  assert.ok(!left.includes(names[0]!.replace(/-h0$/, '-br')), 'the bridge namespace is gone too');
  assert.deepEqual(hostLinks(), linksBefore);
});

test('two hosts get one veth pair, and each run gets names of its own', async (t) => {
  const one = await createNetnsLan(t);
  const two = await createNetnsLan(t);
  assert.notEqual(one.hosts[0]!.netns, two.hosts[0]!.netns);
  const [a, b] = one.hosts as [NetnsHost, NetnsHost];
  await serveOn(one, b);
  assert.equal((await one.run(a, process.execPath, ['-e', TCP_CLIENT, b.address])).stdout.trim(), `hello from ${b.address}`);
  const links = await one.run(a, 'ip', ['-o', 'link', 'show']);
  assert.deepEqual(links.stdout.split('\n').map((l) => l.split(':')[1]?.trim()).filter(Boolean), ['lo', `eth0@if${/eth0@if(\d+)/.exec(links.stdout)?.[1]}`]);
  // The second LAN uses the same addresses and is a world apart.
  const res = await two.run(two.hosts[0]!, process.execPath, ['-e', TCP_CLIENT, b.address]);
  assert.equal(res.stdout.trim(), 'ECONNREFUSED');
});

test('a failing test still removes its namespaces and kills what ran in them', (t) => {
  const report = path.join(tempDir(t, 'klaxon-netns-'), 'lan.json');
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', path.join(HERE, 'fixtures', 'lan-then-fail.ts')], {
    cwd: ROOT, encoding: 'utf8', env: { ...outerEnv, KX_LAN_REPORT: report }, timeout: 60_000,
  });
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /this test fails on purpose/);
  const { netns, pid } = JSON.parse(readFileSync(report, 'utf8')) as { netns: string[]; pid: number };
  const left = namespaces();
  assert.ok(netns.every((n) => !left.includes(n)), `left behind: ${left}`);
  assert.equal(alive(pid), false, 'the process it started is gone');
});

test('without root the namespace tests fail and say why; they are not skipped', () => {
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', path.join(HERE, 'discovery.test.ts')], {
    cwd: ROOT, encoding: 'utf8', uid: 65534, gid: 65534, env: { ...outerEnv, KLAXON_TEST: '1' }, timeout: 60_000,
  });
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /network-namespace tests must run as root \(uid is 65534\)/);
  assert.match(run.stdout, /# skipped 0/);
  assert.match(run.stdout, /# pass 0\n# fail [1-9]/);
});
