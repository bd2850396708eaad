// The host's listing on a real SQLite file: the queue order in SQL is the domain's compareForQueue (with the clock
// turning ended snoozes triggered), windows at any offset, counts kept in step with every write, the search through
// the FTS5 index with the substring semantics it narrows for, and migration 4 on a database that already has rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { openStore, DB_FILE, type Store } from '../../src-main/store/database.ts';
import { MIGRATIONS } from '../../src-main/store/migrations.ts';
import { writeIncidentState, stateToRow } from '../../src-main/store/incident-rows.ts';
import { listIncidentStates } from '../../src-main/store/incident-queries.ts';
import { queueWindowQuery } from '../../src-main/store/incident-queue-order.ts';
import { compareForQueue, effectiveStatus } from '../../src-shared/domain/lifecycle.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import { ListIncidentsQuery } from '../../src-shared/schemas/incidents.ts';
import { RESPONDER_STATUSES, type ResponderStatus } from '../../src-shared/schemas/common.ts';
import { tempDir } from '../support/temp-dir.ts';

const NOW = Date.parse('2024-06-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function state(over: Partial<IncidentState> & { id: string }): IncidentState {
  const at = over.createdAt ?? iso(NOW - 3600_000);
  return {
    serviceId: 'svc_a', dedupKey: null, title: `Incident ${over.id}`, description: null, status: 'triggered',
    progress: 'investigating', urgency: 'HIGH', priority: null, severity: 'critical', impact: null, source: 'prometheus',
    customDetails: null, extra: null, assigneeId: null, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null,
    resolvedBy: null, snoozedUntil: null, autoCreated: true, alertCount: 1, episode: 1, escalationLevel: 0,
    mergedInto: null, createdAt: at, updatedAt: at, lastEventAt: at, lastHlc: '0', triggeredAt: at,
    ...over,
  };
}

function storeWith(t: { after(fn: () => void): void }, states: IncidentState[]): Store {
  const store = openStore(tempDir(t), 'normal');
  t.after(() => store.close());
  store.db.prepare("INSERT INTO services (id, name, routing_key, urgency_rule, suppression_rules, created_at, last_hlc) VALUES (?, ?, ?, 'severity', '[]', ?, '0')")
    .run('svc_a', 'API Gateway', 'rk_a', iso(NOW));
  store.db.prepare("INSERT INTO services (id, name, routing_key, urgency_rule, suppression_rules, created_at, last_hlc) VALUES (?, ?, ?, 'severity', '[]', ?, '0')")
    .run('svc_b', 'Shop', 'rk_b', iso(NOW));
  store.db.transaction(() => { for (const s of states) writeIncidentState(store, s); })();
  return store;
}

const list = (store: Store, q: Record<string, unknown>, now = NOW) => listIncidentStates(store, ListIncidentsQuery.parse(q), now);
const ids = (states: { id: string }[]) => states.map((s) => s.id);

// ── the queue order ──

const arbState = (i: number) => fc.record({
  status: fc.constantFrom<ResponderStatus>(...RESPONDER_STATUSES),
  quietEnd: fc.constantFrom('none', 'past', 'future'),
  urgency: fc.constantFrom('HIGH' as const, 'LOW' as const),
  priority: fc.constantFrom(null, 'P1' as const, 'P2' as const, 'P4' as const),
  minute: fc.integer({ min: 0, max: 30 }),
  service: fc.constantFrom('svc_a', 'svc_b'),
  merged: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
}).map((r): IncidentState => state({
  id: `inc_${String(i).padStart(3, '0')}`, status: r.status, urgency: r.urgency, priority: r.priority, serviceId: r.service,
  // Same minute for several rows: the id breaks the tie, as in compareForQueue.
  createdAt: iso(NOW - 86_400_000 + r.minute * 60_000),
  snoozedUntil: (r.status === 'snoozed' || r.status === 'suppressed') && r.quietEnd !== 'none' ? iso(NOW + (r.quietEnd === 'past' ? -60_000 : 60_000)) : null,
  mergedInto: r.merged ? 'inc_000' : null,
}));

test('the queue order in SQL is compareForQueue over effective statuses, window by window at any offset', async (t) => {
  const filters = fc.record({
    status: fc.constantFrom<ResponderStatus[] | undefined>(undefined, ['triggered', 'acknowledged', 'snoozed'], ['triggered'], ['snoozed', 'suppressed'], ['resolved'], ['acknowledged']),
    urgency: fc.constantFrom(undefined, 'HIGH', 'LOW'),
    serviceId: fc.constantFrom(undefined, 'svc_b'),
    pageSize: fc.integer({ min: 1, max: 9 }),
  });
  let runs = 0;
  await fc.assert(fc.asyncProperty(
    fc.integer({ min: 0, max: 40 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbState(i)))),
    filters,
    async (states, f) => {
      const dir = tempDir(t);
      const store = openStore(dir, 'normal');
      try {
        store.db.transaction(() => { for (const s of states) writeIncidentState(store, s); })();
        const expected = states
          .filter((s) => s.mergedInto === null)
          .map((s) => ({ ...s, status: effectiveStatus(s, NOW) }))
          .filter((s) => (!f.status || f.status.includes(s.status)) && (!f.urgency || s.urgency === f.urgency) && (!f.serviceId || s.serviceId === f.serviceId))
          .sort(compareForQueue);
        const got: string[] = [];
        for (let offset = 0; offset <= expected.length; offset += f.pageSize) {
          const page = list(store, { order: 'queue', offset, limit: f.pageSize, status: f.status, urgency: f.urgency, serviceId: f.serviceId });
          assert.equal(page.total, expected.length, 'total');
          got.push(...ids(page.states));
        }
        assert.deepEqual(got, ids(expected));
        runs++;
      } finally {
        store.close();
      }
    },
  ), { numRuns: 60, seed: 11 });
  t.diagnostic(`${runs} random sets and filters`);
});

test('a queue window walks the order index: no sort of all the matching rows, at any depth', (t) => {
  const store = storeWith(t, []);
  const plan = (sqlText: string, params: readonly unknown[]) =>
    (store.db.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  const compiled = queueWindowQuery(store, { statuses: ['triggered', 'acknowledged', 'snoozed'], offset: 5000, limit: 100, nowIso: iso(NOW) }).compile();
  const steps = plan(compiled.sql, compiled.parameters);
  // The stored-status arm walks incidents_queue; only the arm of ended snoozes (few) may sort.
  const left = steps.slice(steps.indexOf('LEFT') + 1, steps.indexOf('RIGHT'));
  assert.ok(left.some((s) => s.includes('USING INDEX incidents_queue')), steps.join('\n'));
  assert.ok(!left.some((s) => s.includes('TEMP B-TREE')), steps.join('\n'));
  assert.ok(steps.slice(steps.indexOf('RIGHT')).some((s) => s.includes('incidents_quiet')), steps.join('\n'));
  assert.ok(steps.some((s) => s.includes('incidents_ack_timeout')), `acknowledgement timeouts that ended come from their own index:\n${steps.join('\n')}`);
});

// ── counts ──

test('counts and totals follow every write: new, status changes, urgency, service moves, merges, and the clock', (t) => {
  const store = storeWith(t, []);
  const written = new Map<string, IncidentState>();
  const write = (s: IncidentState) => { writeIncidentState(store, s); written.set(s.id, s); };
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 15 }), arbState(0)), { minLength: 1, maxLength: 60 }), (steps) => {
    for (const [n, s] of steps) write({ ...s, id: `inc_c${n}` });
    for (const at of [NOW, NOW + 120_000]) {
      const { counts } = list(store, { limit: 1, counts: true }, at);
      for (const status of RESPONDER_STATUSES) {
        for (const urgency of ['HIGH', 'LOW'] as const) {
          const want = [...written.values()].filter((s) => s.mergedInto === null && effectiveStatus(s, at) === status && s.urgency === urgency).length;
          assert.equal(counts![status][urgency], want, `${status} ${urgency} at +${at - NOW} ms`);
        }
      }
    }
  }), { numRuns: 40, seed: 5 });
});

test('counts honour the service and the search, not the status or urgency asked; the total honours them all', (t) => {
  const store = storeWith(t, [
    state({ id: 'inc_1', title: 'Disk full on db-1', status: 'triggered', urgency: 'HIGH' }),
    state({ id: 'inc_2', title: 'Disk slow on db-2', status: 'acknowledged', urgency: 'LOW' }),
    state({ id: 'inc_3', title: 'Disk full on web-1', status: 'triggered', urgency: 'LOW', serviceId: 'svc_b' }),
    state({ id: 'inc_4', title: 'CPU high', status: 'snoozed', snoozedUntil: iso(NOW + 600_000), urgency: 'HIGH' }),
  ]);
  const r = list(store, { status: 'triggered', urgency: 'HIGH', serviceId: 'svc_a', q: 'disk', counts: true, limit: 10 });
  assert.deepEqual(ids(r.states), ['inc_1']);
  assert.equal(r.total, 1);
  assert.deepEqual(r.counts!.triggered, { HIGH: 1, LOW: 0 });
  assert.deepEqual(r.counts!.acknowledged, { HIGH: 0, LOW: 1 });
  assert.deepEqual(r.counts!.snoozed, { HIGH: 0, LOW: 0 }, 'CPU high does not match "disk"');
  assert.equal(r.nextStatusChangeAt, iso(NOW + 600_000), 'when the snooze ends');
  assert.equal(list(store, { limit: 1 }).counts, undefined, 'only when asked');
});

// ── search ──

const searchStore = (t: { after(fn: () => void): void }) => storeWith(t, [
  state({ id: 'inc_cpu', title: 'CPU usage above 90%', dedupKey: 'server-cpu-high', source: 'prometheus' }),
  state({ id: 'inc_h17', title: 'Disk full on host-17', dedupKey: 'disk-17', source: 'host-17' }),
  state({ id: 'inc_h3', title: 'Incident 17 on host-3', dedupKey: 'x', source: 'host-3' }),
  state({ id: 'inc_shop', title: 'Checkout slow', serviceId: 'svc_b', source: 'grafana' }),
  state({ id: 'inc_old', title: 'Old CPU alert', status: 'resolved', resolvedAt: iso(NOW) }),
  state({ id: 'inc_pct', title: '100%_done', source: 'cron' }),
  state({ id: 'inc_cafe', title: 'Café machine down', source: 'kitchen' }),
]);
const search = (store: Store, q: string, extra: Record<string, unknown> = {}) => ids(list(store, { q, limit: 50, ...extra }).states).sort();

test('search finds words of the title, dedup key and source from their start, any case, open or resolved', (t) => {
  const store = searchStore(t);
  assert.deepEqual(search(store, 'cpu'), ['inc_cpu', 'inc_old']);
  assert.deepEqual(search(store, 'USAGE ab'), ['inc_cpu'], 'the last word is a prefix');
  assert.deepEqual(search(store, 'server-cpu-high'), ['inc_cpu'], 'a dedup key');
  assert.deepEqual(search(store, 'cpu-hi'), ['inc_cpu']);
  assert.deepEqual(search(store, 'grafana'), ['inc_shop'], 'the source');
  assert.deepEqual(search(store, 'host-17'), ['inc_h17'], 'the words in that order, together: not "17 on host-3"');
  assert.deepEqual(search(store, 'sage'), [], 'inside a word: not a word start');
  assert.deepEqual(search(store, 'cpu', { status: 'resolved' }), ['inc_old']);
  assert.deepEqual(search(store, 'cafe'), ['inc_cafe'], 'one word: accents and case aside');
  assert.deepEqual(search(store, 'café MACH'), ['inc_cafe'], 'several words: a substring, ASCII case aside');
});

test('search by service name (a substring, as before) and by exact id; punctuation and LIKE wildcards are literal', (t) => {
  const store = searchStore(t);
  assert.deepEqual(search(store, 'hop'), ['inc_shop'], 'the service "Shop"');
  assert.deepEqual(search(store, 'inc_h3'), ['inc_h3']);
  assert.deepEqual(search(store, '%_'), ['inc_pct'], 'no word in q: every row is checked');
  assert.deepEqual(search(store, '%_do'), ['inc_pct']);
  assert.deepEqual(search(store, '100%'), ['inc_pct']);
});

test('the index follows edits: new incidents before the next search, a changed title by its new words only', (t) => {
  const store = searchStore(t);
  const before = list(store, { q: 'checkout', limit: 5 }).states[0]!;
  // Indexed now (the search caught up): an edit re-indexes it at once.
  writeIncidentState(store, { ...before, title: 'Payments failing', updatedAt: iso(NOW + 1) });
  assert.deepEqual(search(store, 'checkout'), []);
  assert.deepEqual(search(store, 'payments'), ['inc_shop']);
  // A status change rewrites the row (upsert) without touching the index's words.
  writeIncidentState(store, { ...before, title: 'Payments failing', status: 'acknowledged', updatedAt: iso(NOW + 2) });
  assert.deepEqual(search(store, 'payments'), ['inc_shop']);
  const indexed = (word: string) => (store.db.prepare('SELECT count(*) AS n FROM incidents_fts WHERE incidents_fts MATCH ?').get(`"${word}"*`) as { n: number }).n;
  assert.equal(indexed('payments'), 1, 'indexed once');
  // New incidents, one renamed before any search saw it: the next search indexes them as they are.
  writeIncidentState(store, state({ id: 'inc_new1', title: 'Quota exceeded on bucket-7' }));
  writeIncidentState(store, state({ id: 'inc_new2', title: 'Draft name' }));
  writeIncidentState(store, state({ id: 'inc_new2', title: 'Quota warning on bucket-9', updatedAt: iso(NOW + 3) }));
  assert.equal(indexed('quota'), 0, 'not indexed on the write path');
  assert.deepEqual(search(store, 'quota'), ['inc_new1', 'inc_new2']);
  assert.deepEqual(search(store, 'draft'), []);
  assert.equal(indexed('quota'), 2);
});

test('a search while another process holds the write lock does not wait for it, and still finds new incidents', (t) => {
  const store = searchStore(t);
  writeIncidentState(store, state({ id: 'inc_late', title: 'Late arrival' }));
  const other = new BetterSqlite3(store.db.name);
  t.after(() => other.close());
  other.exec('BEGIN IMMEDIATE');
  const startedAt = Date.now();
  assert.deepEqual(search(store, 'late'), ['inc_late'], 'searched without the index');
  assert.ok(Date.now() - startedAt < 2000, 'no wait for the lock');
  other.exec('ROLLBACK');
  assert.deepEqual(search(store, 'late'), ['inc_late'], 'through the index once it can catch up');
});

test('a word SQLite tokenizes differently from the window still finds its row (searched without the index)', (t) => {
  // U+19B0 is a letter to JavaScript but splits words for SQLite's unicode61 (its Unicode 6.1 tables).
  const store = storeWith(t, [state({ id: 'inc_tai', title: 'Sensor a\u19B0b offline' })]);
  assert.deepEqual(search(store, 'a\u19B0b'), ['inc_tai']);
});

test('a search over many matches (walking the order) or few (sorting them) gives the same windows', (t) => {
  // More rows than a page looks up (5,000): 'usage on host' walks the order; 'host-1' looks its few up.
  const many = Array.from({ length: 6000 }, (_, i) => state({
    id: `inc_m${String(i).padStart(4, '0')}`, title: `Load ${i} disk usage on host-${i % 50}`, urgency: i % 3 ? 'LOW' : 'HIGH',
    createdAt: iso(NOW - 6_000_000 + i * 1000),
  }));
  const store = storeWith(t, many);
  for (const q of ['usage on host', 'host-1', 'usage']) {
    const matching = many.filter((s) => s.title.includes(q));
    const expected = [...matching].sort(compareForQueue).map((s) => s.id);
    const page = list(store, { q, order: 'queue', offset: 500, limit: 100 });
    assert.equal(page.total, expected.length);
    assert.deepEqual(ids(page.states), expected.slice(500, 600), q);
    const newest = list(store, { q, offset: 10, limit: 5 });
    assert.deepEqual(ids(newest.states), matching.map((s) => s.id).reverse().slice(10, 15), q);
  }
});

// ── migration 5 on an existing database ──

test('migration 5 (the queue window) indexes and counts the incidents a database already holds', (t) => {
  const dir = tempDir(t);
  const db = new BetterSqlite3(path.join(dir, DB_FILE));
  db.exec(MIGRATIONS[0] as string);
  db.exec(MIGRATIONS[1] as string);
  db.pragma('user_version = 2');
  const cols = Object.keys(stateToRow(state({ id: 'x' }))).filter((c) => c !== 'triggered_at'); // a column of migration 6
  const insert = db.prepare(`INSERT INTO incidents (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
  insert.run(stateToRow(state({ id: 'inc_a', title: 'Replica lag on db-2', urgency: 'LOW' })));
  insert.run(stateToRow(state({ id: 'inc_b', title: 'Backup failed', status: 'acknowledged' })));
  insert.run(stateToRow(state({ id: 'inc_c', title: 'Replica lag, merged', mergedInto: 'inc_a' })));
  db.close();

  const store = openStore(dir, 'normal');
  t.after(() => store.close());
  assert.equal(store.db.pragma('user_version', { simple: true }), MIGRATIONS.length);
  assert.deepEqual(search(store, 'replica'), ['inc_a'], 'merged incidents are never listed');
  const { counts, total } = list(store, { counts: true, limit: 1 });
  assert.deepEqual(counts!.triggered, { HIGH: 0, LOW: 1 });
  assert.deepEqual(counts!.acknowledged, { HIGH: 1, LOW: 0 });
  assert.equal(total, 2);
});
