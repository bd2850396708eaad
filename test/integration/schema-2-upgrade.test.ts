// Upgrading a data dir written before free-form JSON had limits (schema 2), by the real `klaxon serve`. Such a dir may
// hold what that version accepted with a 202: the red-team's custom_details 4,450 levels deep (after which every
// listing holding it answered 500, across restarts), custom details of hundreds of KiB, and — from a damaged file — a
// row that is not JSON at all. Migration 3 repairs them (truncation markers, in the ops and the rows alike), so the
// new version lists everything, each incident opens, and a refold of the repaired ops gives the same rows.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { downgradeSchema } from '../support/old-schema.ts';
import { SCHEMA_VERSION } from '../../src-main/store/migrations.ts';
import { klaxonInit, makeDataDir, removeDataDir, startKlaxon, type KlaxonProcess } from './support/klaxon-process.ts';
import { allIncidents, enqueue, getIncident } from './support/klaxon-api.ts';
import { DB_FILE } from '../../src-main/store/database.ts';
import { foldIncident } from '../../src-shared/domain/incident-fold.ts';
import { isKnownOpType, parseKnownOp, type Op } from '../../src-shared/domain/ops.ts';

const dataDir = makeDataDir();
const running: KlaxonProcess[] = [];
after(async () => {
  for (const p of running) await p.stop();
  removeDataDir(dataDir);
});

const DEEP = '{"a":'.repeat(4449) + '{}' + '}'.repeat(4449);
const BIG = JSON.stringify({ log: 'x'.repeat(150_000) });

test('a schema-2 data dir holding over-deep, oversized and damaged free-form JSON lists fine after the upgrade', { timeout: 120_000 }, async () => {
  // What schema-2 Klaxon wrote for these events is what this version writes for the placeholders, with the
  // placeholder's JSON text replaced by the original's (JSON.stringify of the same value).
  const init = await klaxonInit(dataDir);
  const writer = await startKlaxon({ dataDir });
  running.push(writer);
  const trigger = (dedupKey: string, customDetails: unknown, to: KlaxonProcess = writer) => enqueue(to.baseUrl, {
    routing_key: init.routingKey, event_action: 'trigger', dedup_key: dedupKey,
    payload: { summary: `Upgrade ${dedupKey}`, source: 'upgrade-test', severity: 'critical', custom_details: customDetails },
  });
  for (const [key, details] of [['red-team', { placeholder: 'deep' }], ['big', { placeholder: 'big' }], ['big', { placeholder: 'big' }], ['damaged', { n: 1 }], ['fine', { n: 2 }]] as const) {
    assert.equal((await trigger(key, details)).status, 202);
  }
  await writer.stop();

  const db = new BetterSqlite3(path.join(dataDir, DB_FILE));
  downgradeSchema(db, 2);
  for (const [placeholder, text] of [['{"placeholder":"deep"}', DEEP], ['{"placeholder":"big"}', BIG]]) {
    db.prepare('UPDATE ops SET data = replace(data, ?, ?)').run(placeholder, text);
    db.prepare('UPDATE incidents SET custom_details = replace(custom_details, ?, ?)').run(placeholder, text);
  }
  db.prepare(`UPDATE incidents SET custom_details = '{"n":1' WHERE dedup_key = 'damaged'`).run();
  db.close();

  const upgraded = await startKlaxon({ dataDir });
  running.push(upgraded);
  assert.match(upgraded.output(), /now kept as truncation markers: 3 ops, 3 incidents/);
  const list = await allIncidents(upgraded.baseUrl, init.apiKey);
  assert.equal(list.length, 4);
  const byKey = new Map(list.map((i) => [i.dedupKey, i]));
  for (const i of list) await getIncident(upgraded.baseUrl, init.apiKey, i.id);

  const redTeam = await getIncident(upgraded.baseUrl, init.apiKey, byKey.get('red-team')!.id);
  assert.deepEqual(redTeam.customDetails, { _truncated: true, reason: 'nested deeper than 32 levels', originalBytes: DEEP.length, preview: DEEP.slice(0, 2048) });
  assert.ok(redTeam.timeline[0]!.message.endsWith(`custom details nested deeper than 32 levels (${DEEP.length} bytes)`), redTeam.timeline[0]!.message);
  const big = await getIncident(upgraded.baseUrl, init.apiKey, byKey.get('big')!.id);
  assert.equal((big.customDetails as { reason: string }).reason, 'larger than 64 KiB');
  assert.deepEqual(big.timeline.map((e) => e.kind), ['triggered', 'alert']);
  assert.ok(big.timeline.every((e) => /truncated, kept a preview/.test(e.message)));
  assert.deepEqual(byKey.get('damaged')!.customDetails, { _truncated: true, reason: 'not valid JSON', originalBytes: 6, preview: '{"n":1' });
  assert.deepEqual(byKey.get('fine')!.customDetails, { n: 2 });

  // The repaired incidents go on living: a repeat is deduplicated into the red-team's incident.
  assert.equal((await trigger('red-team', { again: true }, upgraded)).status, 202);
  const afterRepeat = await getIncident(upgraded.baseUrl, init.apiKey, redTeam.id);
  assert.equal(afterRepeat.alertCount, 2);
  await upgraded.stop();

  // Every stored op now passes the op schemas (a refold loses nothing), and each row is the fold of its ops.
  const check = new BetterSqlite3(path.join(dataDir, DB_FILE), { readonly: true });
  assert.equal(check.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  assert.deepEqual(check.prepare('SELECT count(*) AS n FROM quarantined_ops').get(), { n: 0 });
  const ops = (check.prepare('SELECT id, hlc, type, entity, data FROM ops').all() as { id: string; hlc: string; type: string; entity: string; data: string }[])
    .map((r): Op => ({ ...r, data: JSON.parse(r.data) as unknown }));
  for (const op of ops) if (isKnownOpType(op.type)) assert.notEqual(parseKnownOp(op), null, `${op.id} ${op.type} no longer passes its schema`);
  for (const key of ['red-team', 'big']) {
    const id = byKey.get(key)!.id;
    const row = check.prepare('SELECT custom_details FROM incidents WHERE id = ?').get(id) as { custom_details: string };
    assert.deepEqual(foldIncident(ops.filter((o) => o.entity === id)).state!.customDetails, JSON.parse(row.custom_details));
  }
  check.close();
});
