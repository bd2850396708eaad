// Webhook subscriptions as replicated ops: a teammate's device holds the same subscription with the same signing
// secret (so it can sign what it delivers); a deletion wins over a change made apart; an older data dir (schema 7)
// gains the table and applies the subscription a newer peer had sent it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { createEngine } from '../../src-main/engine/engine.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { DB_FILE } from '../../src-main/store/database.ts';
import { downgradeSchema, leaveUnappliedPeerOp } from '../support/old-schema.ts';
import { tempDir } from '../support/temp-dir.ts';

const T0 = Date.parse('2026-08-22T10:00:00Z');
const open = (dir: string, clock = new FakeClock(T0)) => createEngine({ dataDir: dir, clock, log: silentLogger });

test('a subscription replicates to a teammate with its secret; a deletion made apart wins over a change', async (t) => {
  const a = open(tempDir(t));
  const b = open(tempDir(t));
  t.after(async () => { await a.close(); await b.close(); });
  const svc = await a.createService({ name: 'Billing' });
  const hook = await a.createWebhook({ url: 'https://hooks.example.com/klaxon', events: ['triggered', 'resolved'], serviceIds: [svc.id] }, 'user:ana');
  assert.match(hook.secret, /^whsec_[A-Za-z0-9+/]{32}$/, 'whsec_ and base64 of 24 bytes');
  assert.equal(Buffer.from(hook.secret.slice(6), 'base64').length, 24);
  assert.equal(hook.format, 'standard');
  const sync = async (from: typeof a, to: typeof a) => { await to.applyRemoteOps(from.opsSince(from.deviceId, 0, 1000)); };
  await sync(a, b);
  assert.deepEqual(b.getWebhook(hook.id), hook, 'the same subscription, secret included');

  // Apart: A changes the URL, B deletes it. Whatever order they meet in, it is deleted on both.
  await a.updateWebhook(hook.id, { url: 'https://hooks.example.com/v2' }, 'user:ana');
  await b.deleteWebhook(hook.id, 'user:ben');
  await sync(a, b);
  await sync(b, a);
  assert.deepEqual(a.listWebhooks(), []);
  assert.deepEqual(b.listWebhooks(), []);
  assert.throws(() => a.getWebhook(hook.id), /not found/);
  await assert.rejects(a.updateWebhook(hook.id, { format: 'slack' }, 'user:ana'), /not found/);
});

test('a subscription naming an unknown service is refused, and a second secret is never the first', async (t) => {
  const engine = open(tempDir(t));
  t.after(() => engine.close());
  await assert.rejects(engine.createWebhook({ url: 'https://x.example.com/', events: ['triggered'], serviceIds: ['svc_nope'] }, 'user:ana'), /Service svc_nope not found/);
  const one = await engine.createWebhook({ url: 'https://x.example.com/', events: ['triggered'] }, 'user:ana');
  const two = await engine.createWebhook({ url: 'https://x.example.com/', events: ['triggered'] }, 'user:ana');
  assert.notEqual(one.secret, two.secret);
  assert.deepEqual(one.serviceIds, [], 'every service');
});

test('a data dir from schema 7 gains the webhooks table at start, and applies the subscription a newer peer had sent it', async (t) => {
  const dir = tempDir(t);
  await open(dir).close();
  const db = new BetterSqlite3(path.join(dir, DB_FILE));
  downgradeSchema(db, 7);
  db.close();
  leaveUnappliedPeerOp(dir, {
    type: 'webhook.created', entity: 'whk_old00000000000000',
    data: { url: 'https://chat.example.com/hooks/abc', events: ['triggered'], serviceIds: [], format: 'slack', description: null, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', by: 'user:peer' },
  });
  const upgraded = open(dir);
  t.after(() => upgraded.close());
  assert.deepEqual(upgraded.listWebhooks().map((w) => [w.id, w.url, w.format, w.secret]), [
    ['whk_old00000000000000', 'https://chat.example.com/hooks/abc', 'slack', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
  ]);
});
