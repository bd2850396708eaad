// Status pages replicate like every entity: a page made on one device, and an incident posted to it, reach a
// teammate's device through its ops. Two devices that each gave a page the same slug while apart keep both pages,
// and both serve the one created first under that slug.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { statusPageBySlug } from '../../src-main/store/status-page-rows.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import { tempDir } from '../support/temp-dir.ts';
import { downgradeSchema, leaveUnappliedPeerOp } from '../support/old-schema.ts';
import { DB_FILE } from '../../src-main/store/database.ts';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';

const T0 = Date.parse('2026-11-30T10:00:00Z');

const exchange = async (from: Engine, to: Engine) => { await to.applyRemoteOps(from.opsSince(from.deviceId, 0, 10_000)); };

test('a page and the incident posted to it reach a teammate; a slug taken on both devices while apart serves the first page everywhere', async (t) => {
  const clockA = new FakeClock(T0);
  const clockB = new FakeClock(T0 + 60_000);
  const a = createEngine({ dataDir: tempDir(t), clock: clockA, log: silentLogger });
  const b = createEngine({ dataDir: tempDir(t), clock: clockB, log: silentLogger });
  t.after(async () => { await a.close(); await b.close(); });
  const svc = await a.createService({ name: 'Shop' });
  const first = await a.createStatusPage({ name: 'Shop', slug: 'shop', serviceIds: [svc.id] }, 'user:a');
  const incident = await a.createPageIncident(first.id, { title: 'Checkout slow', impact: 'minor', message: 'Looking into it' }, 'user:a');
  // B, apart, takes the same slug for another page.
  const second = await b.createStatusPage({ name: 'Also shop', slug: 'shop' }, 'user:b');
  await exchange(a, b);
  await exchange(b, a);

  for (const e of [a, b]) {
    assert.deepEqual(e.listStatusPages().map((p) => p.id).sort(), [first.id, second.id].sort());
    assert.equal(statusPageBySlug(e.store, 'shop')?.id, first.id, 'the page created first holds the slug');
    assert.deepEqual(e.getIncident(incident.id).statusPageIds, [first.id]);
    assert.deepEqual(e.getStatusPage(first.id).incidentIds, [incident.id]);
  }
  // The clash is for people to settle: renaming the second onto a free slug works on either device.
  const renamed = await b.updateStatusPage(second.id, { slug: 'shop-2' }, 'user:b');
  assert.equal(renamed.slug, 'shop-2');
  await assert.rejects(b.updateStatusPage(second.id, { slug: 'shop' }, 'user:b'), /already has the slug/);
});

test('a data dir from before status pages (schema 10) gains them, and applies a page a newer peer had sent it', async (t) => {
  const dir = tempDir(t);
  const first = createEngine({ dataDir: dir, clock: new FakeClock(T0), log: silentLogger });
  const svc = await first.createService({ name: 'Web' });
  await first.close();
  const db = new BetterSqlite3(path.join(dir, DB_FILE));
  downgradeSchema(db, 10);
  db.close();
  leaveUnappliedPeerOp(dir, {
    type: 'statuspage.created', entity: 'sp_old00000000000000',
    data: { name: 'Web status', slug: 'web', description: null, groups: [{ name: null, components: [{ type: 'service', id: svc.id, name: 'Website', publishIncidents: false }] }], idKey: 'k', by: 'user:peer' },
  });
  const upgraded = createEngine({ dataDir: dir, clock: new FakeClock(T0), log: silentLogger });
  t.after(() => upgraded.close());
  assert.deepEqual(upgraded.listStatusPages().map((p) => [p.id, p.slug, p.groups[0]!.components[0]!.name]), [['sp_old00000000000000', 'web', 'Website']]);
});
