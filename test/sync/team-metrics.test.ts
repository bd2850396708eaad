// GET /metrics of a laptop in a team, with real `klaxon serve` processes on 127.0.0.1: a teammate connected and
// caught up reads 1 peer connected and 0 ops behind; once it stops, the ops written meanwhile are what it lacks; when
// it is back, it catches up to 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newMember, team, serve, trigger, inviteAndJoin, eventually, type Member } from './support/team-processes.ts';
import { parseExposition, type Sample } from '../support/scrape.ts';

async function metrics(m: Member): Promise<Sample[]> {
  const res = await fetch(new URL('/metrics', m.proc!.baseUrl), { headers: { authorization: `Bearer ${m.init.apiKey}` } });
  assert.equal(res.status, 200);
  return parseExposition(await res.text());
}

/** A's view of B: connected or not, ops behind, and how many peers A has connected. */
async function viewOf(a: Member, bDevice: string) {
  const samples = await metrics(a);
  const one = (name: string) => samples.find((s) => s.name === name && s.labels.device === bDevice)?.value;
  return {
    peersConnected: samples.find((s) => s.name === 'klaxon_sync_peers_connected')?.value,
    connected: one('klaxon_sync_peer_connected'),
    behind: one('klaxon_sync_peer_ops_behind'),
  };
}

test('sync metrics: a teammate connected and caught up, then away and behind by what was written meanwhile, then caught up again', { timeout: 180_000 }, async (t) => {
  const [a, b] = await Promise.all([newMember(t, 'a'), newMember(t, 'b')]);
  await team(a, 'create', '--name', 'Ops');
  await serve(a);
  await inviteAndJoin(a, b);
  await serve(b);
  const bDevice = ((await team(b, 'status')) as { self: { deviceId: string } }).self.deviceId;

  const caughtUp = () => eventually(async () => {
    const v = await viewOf(a, bDevice);
    return v.peersConnected === 1 && v.connected === 1 && v.behind === 0 ? v : undefined;
  }, { what: 'a to see b connected and 0 ops behind', timeoutMs: 30_000 });
  await caughtUp();

  await b.proc!.stop();
  await eventually(async () => ((await viewOf(a, bDevice)).connected === 0 ? true : undefined), { what: 'a to see b gone', timeoutMs: 30_000 });
  for (const key of ['disk', 'cpu', 'memory']) await trigger(a, a.init.routingKey, key, `${key} alarm`);
  const away = await viewOf(a, bDevice);
  assert.equal(away.peersConnected, 0);
  assert.ok(away.behind! >= 3, `three new incidents are at least three ops b lacks (got ${away.behind})`);

  await serve(b);
  await caughtUp();
});
