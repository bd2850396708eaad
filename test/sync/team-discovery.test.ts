// Discovery on a LAN, inside network namespaces this test creates and removes: two teammates whose recorded
// addresses are useless on this network (they joined elsewhere) find each other with mDNS, connect over mutual TLS
// and sync, without anyone typing an address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createNetnsLan, type NetnsHost, type NetnsLan } from '../support/netns.ts';
import { newMember, team, serve, inviteAndJoin, eventually, type Member } from './support/team-processes.ts';
import { HEADLESS_ENTRY, REPO_ROOT } from '../integration/support/klaxon-process.ts';

const HTTP_PORT = 18977;
const SYNC_PORT = 18978;
const HTTP_FIXTURE = path.join(REPO_ROOT, 'test/sync/fixtures/http.ts');

async function httpIn(lan: NetnsLan, host: NetnsHost, method: string, url: string, bearer: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await lan.run(host, process.execPath, [HTTP_FIXTURE, method, url, bearer, body === undefined ? '' : JSON.stringify(body)], { timeoutMs: 10_000 });
  if (r.code !== 0) throw new Error(`request in ${host.netns} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { status: number; body: Record<string, unknown> };
}

function serveIn(lan: NetnsLan, host: NetnsHost, m: Member) {
  const child = lan.spawn(host, process.execPath, [HEADLESS_ENTRY, 'serve', '--data-dir', m.dir, '--host', '127.0.0.1', '--port', String(HTTP_PORT),
    '--sync-host', '0.0.0.0', '--sync-port', String(SYNC_PORT), '--no-notify'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr?.on('data', (c: Buffer) => { out += c.toString(); });
  return { child, output: () => out };
}

test('two teammates on a LAN find each other with mDNS and sync, with no address typed', { timeout: 180_000 }, async (t) => {
  const [a, b] = await Promise.all([newMember(t, 'a'), newMember(t, 'b')]);
  // They meet once on this machine's loopback (the invite carries that address), then part.
  await team(a, 'create', '--name', 'Ops');
  await serve(a);
  await inviteAndJoin(a, b);
  await a.proc!.stop();

  const lan = await createNetnsLan(t, { hosts: 2 });
  const [ha, hb] = lan.hosts as [NetnsHost, NetnsHost];
  const hostA = serveIn(lan, ha, a);
  const hostB = serveIn(lan, hb, b);
  t.after(() => { hostA.child.kill('SIGKILL'); hostB.child.kill('SIGKILL'); });
  // Each host serves HTTP on its own namespace's loopback, at the same port.
  const local = `http://127.0.0.1:${HTTP_PORT}`;
  await eventually(async () => ((await httpIn(lan, ha, 'GET', `${local}/healthz`, '')).status === 200 ? true : undefined), { what: 'a to serve in its namespace', timeoutMs: 30_000 });
  await eventually(async () => ((await httpIn(lan, hb, 'GET', `${local}/healthz`, '')).status === 200 ? true : undefined), { what: 'b to serve in its namespace', timeoutMs: 30_000 });

  const sent = await httpIn(lan, ha, 'POST', `${local}/v2/enqueue`, '', {
    routing_key: a.init.routingKey, event_action: 'trigger', dedup_key: 'found-by-mdns', payload: { summary: 'Seen across the LAN', source: 'netns', severity: 'critical' },
  });
  assert.equal(sent.status, 202);
  try {
    const listed = await eventually(async () => {
      const r = await httpIn(lan, hb, 'GET', `${local}/api/incidents?limit=50`, b.init.apiKey);
      return (r.body.incidents as { dedupKey: string; title: string }[] | undefined)?.find((i) => i.dedupKey === 'found-by-mdns');
    }, { what: 'b to list a\'s incident', timeoutMs: 60_000, intervalMs: 500 });
    assert.equal(listed.title, 'Seen across the LAN');
  } catch (e) {
    throw new Error(`${(e as Error).message}\n── a ──\n${hostA.output()}\n── b ──\n${hostB.output()}`, { cause: e });
  }
  // They connected over the LAN's addresses: nothing else could reach across the namespaces.
  assert.match(hostB.output() + hostA.output(), new RegExp(`connected to device \\w+ at ${ha.address.replace(/\./g, '\\.')}|connected to device \\w+ at ${hb.address.replace(/\./g, '\\.')}`));
});
