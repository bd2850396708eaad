// The pager over a real engine whose store holds a damaged row (free-form JSON that is not JSON, or too deep to
// serialise, written straight into SQLite): it still starts and pages every triggered incident, the damaged one
// included, and an event whose custom details were too large (kept truncated) pages like any other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createEngine } from '../../src-main/engine/engine.ts';
import { createPager } from '../../src-main/pager/pager.ts';
import type { Notifier, PageNotification } from '../../src-main/pager/notifier.ts';
import { systemClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { DB_FILE } from '../../src-main/store/database.ts';
import { tempDir } from '../support/temp-dir.ts';
import { pollUntil } from '../support/server.ts';

function recordingNotifier(): Notifier & { pages: PageNotification[] } {
  const pages: PageNotification[] = [];
  return {
    name: 'recording', pages,
    notify: async (n) => { pages.push(n); },
    withdraw: async () => {},
    onAction: () => {},
    close: async () => {},
  };
}

test('the pager starts and pages every incident, the one with a damaged row and the one with truncated details included', async (t) => {
  const dir = tempDir(t);
  const engine = createEngine({ dataDir: dir, clock: systemClock, log: silentLogger, durability: 'normal' });
  t.after(() => engine.close());
  const svc = await engine.createService({ name: 'Payments' });
  const trigger = (dedupKey: string, customDetails: unknown) => engine.ingestEvent({
    action: 'trigger', routingKey: svc.routingKey, dedupKey, summary: `Page ${dedupKey}`, source: 'prometheus', severity: 'critical',
    customDetails, receivedVia: 'enqueue',
  });
  const damaged = await trigger('damaged', { a: 1 });
  const deep = await trigger('deep', { a: 1 });
  const huge = await trigger('huge', { log: 'x'.repeat(200_000) });
  await trigger('fine', { a: 1 });
  assert.equal((engine.getIncident(huge.incidentId!).customDetails as { _truncated?: boolean })._truncated, true);

  const db = new BetterSqlite3(path.join(dir, DB_FILE));
  db.prepare('UPDATE incidents SET custom_details = ? WHERE id = ?').run('{"cut short', damaged.incidentId);
  db.prepare('UPDATE incidents SET custom_details = ? WHERE id = ?').run('['.repeat(10_000) + ']'.repeat(10_000), deep.incidentId);
  db.close();

  const notifier = recordingNotifier();
  const pager = createPager({ engine, notifier, clock: systemClock, log: silentLogger });
  t.after(() => pager.close());
  pager.start();
  const titles = await pollUntil(() => {
    const seen = new Set(notifier.pages.map((p) => p.title));
    return seen.size >= 4 ? [...seen].sort() : false;
  }, { message: 'not every incident was paged' });
  assert.deepEqual(titles, ['Page damaged', 'Page deep', 'Page fine', 'Page huge']);
  assert.ok(notifier.pages.every((p) => p.urgency === 'critical' && p.body.includes('Payments')));
});
