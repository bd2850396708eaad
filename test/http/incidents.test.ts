// The Incidents API beyond the seed's examples: case-insensitive statuses, every PATCH field, re-open, 409 on an
// illegal move, notes and seed 002's status updates on the timeline, filters, search, and cursor paging.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';

describe('Incidents API', () => {
  let server: TestServer;
  let writer: { id: string; key: string };
  before(async () => {
    server = await startServer();
    writer = await server.createKey(['incidents:read', 'incidents:write'], 'incident writer');
  });
  after(async () => { await server?.close(); });

  const api = (path: string, method = 'GET', body?: unknown) => fetchJson(server.baseUrl, path, { method, body, key: writer.key });
  const create = async (title: string, extra: Record<string, unknown> = {}) => {
    const res = await api('/api/incidents', 'POST', { title, serviceId: server.serviceId, ...extra });
    assert.equal(res.status, 201, res.text);
    return res.body as { id: string; [k: string]: unknown };
  };
  const patch = (id: string, body: unknown) => api(`/api/incidents/${id}`, 'PATCH', body);

  it('PATCH status accepts OPEN/ACKNOWLEDGED/RESOLVED/SNOOZED in any case; OPEN re-opens', async () => {
    const inc = await create('Case-insensitive statuses');
    const steps: [string, string][] = [
      ['ACKNOWLEDGED', 'acknowledged'], ['open', 'triggered'], ['Acknowledged', 'acknowledged'],
      ['resolved', 'resolved'], ['OPEN', 'triggered'], ['snoozed', 'snoozed'], ['Resolved', 'resolved'], ['Open', 'triggered'],
    ];
    for (const [sent, expected] of steps) {
      const res = await patch(inc.id, { status: sent });
      assert.equal(res.status, 200, `${sent}: ${res.text}`);
      assert.equal(res.body.status, expected, `PATCH ${sent}`);
    }
    const detail = (await api(`/api/incidents/${inc.id}`)).body;
    assert.ok(detail.timeline.some((e: { kind: string }) => e.kind === 'reopened'), 'OPEN after RESOLVED re-opens (timeline says so)');
    assert.ok(detail.episode >= 2, 'a re-open starts a new episode');
  });

  it('the status filter is case-insensitive and OPEN means triggered', async () => {
    const open = await create('Filter open');
    const acked = await create('Filter acked');
    await patch(acked.id, { status: 'acknowledged' });
    for (const q of ['OPEN', 'open', 'TRIGGERED', 'Triggered']) {
      const ids = (await api(`/api/incidents?status=${q}&limit=200`)).body.incidents.map((i: { id: string }) => i.id);
      assert.ok(ids.includes(open.id) && !ids.includes(acked.id), `status=${q}`);
    }
    for (const q of ['ACKNOWLEDGED', 'Acknowledged', 'acknowledged']) {
      const ids = (await api(`/api/incidents?status=${q}&limit=200`)).body.incidents.map((i: { id: string }) => i.id);
      assert.ok(!ids.includes(open.id) && ids.includes(acked.id), `status=${q}`);
    }
    const both = (await api('/api/incidents?status=open,Acknowledged&limit=200')).body.incidents.map((i: { id: string }) => i.id);
    assert.ok(both.includes(open.id) && both.includes(acked.id), 'comma-separated statuses');
    const repeated = (await api('/api/incidents?status=open&status=acknowledged&limit=200')).body.incidents.map((i: { id: string }) => i.id);
    assert.ok(repeated.includes(open.id) && repeated.includes(acked.id), 'repeated status parameters');
    const bad = await api('/api/incidents?status=exploded');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'status');
  });

  it('an illegal transition is a 409 ILLEGAL_TRANSITION that changes nothing', async () => {
    const inc = await create('Illegal move');
    assert.equal((await patch(inc.id, { status: 'RESOLVED' })).status, 200);
    const res = await patch(inc.id, { status: 'ACKNOWLEDGED' });
    assert.equal(res.status, 409, res.text);
    assert.equal(res.body.error.code, 'ILLEGAL_TRANSITION');
    assert.equal(typeof res.body.error.message, 'string');
    assert.equal((await api(`/api/incidents/${inc.id}`)).body.status, 'resolved');
  });

  it('PATCH urgency, priority, title and assignee; empty string or null unassigns', async () => {
    const inc = await create('Fields', { urgency: 'low' });
    assert.equal(inc.urgency, 'LOW', 'urgency accepted in lower case, answered in capitals');
    const res = await patch(inc.id, { urgency: 'HIGH', priority: 'p2', assigneeId: 'user_42', title: 'Fields, renamed' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.urgency, 'HIGH');
    assert.equal(res.body.priority, 'P2');
    assert.deepEqual(res.body.assignee, { id: 'user_42' });
    assert.equal(res.body.title, 'Fields, renamed');
    assert.equal((await patch(inc.id, { assigneeId: '' })).body.assignee, null, 'empty string unassigns');
    assert.deepEqual((await patch(inc.id, { assigneeId: 'user_7' })).body.assignee, { id: 'user_7' });
    assert.equal((await patch(inc.id, { assigneeId: null })).body.assignee, null, 'null unassigns');
    const bad = await patch(inc.id, { urgency: 'MEDIUM' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'urgency');
  });

  it('SNOOZED with snoozeMinutes or snoozedUntil sets snoozedUntil; the API key is the actor', async () => {
    const inc = await create('Snooze me');
    const before = Date.now();
    const res = await patch(inc.id, { status: 'SNOOZED', snoozeMinutes: 30 });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'snoozed');
    const until = Date.parse(res.body.snoozedUntil);
    assert.ok(until >= before + 29 * 60_000 && until <= Date.now() + 31 * 60_000, `snoozedUntil ${res.body.snoozedUntil}`);
    const at = new Date(Date.now() + 2 * 3600_000).toISOString();
    const res2 = await patch(inc.id, { status: 'snoozed', snoozedUntil: at });
    assert.equal(res2.status, 200, res2.text);
    assert.equal(Date.parse(res2.body.snoozedUntil), Date.parse(at));
    const past = await patch(inc.id, { status: 'snoozed', snoozedUntil: new Date(Date.now() - 60_000).toISOString() });
    assert.equal(past.status, 400);
    assert.equal(past.body.error.field, 'snoozedUntil');
    const detail = (await api(`/api/incidents/${inc.id}`)).body;
    const snoozes = detail.timeline.filter((e: { kind: string }) => e.kind === 'snoozed');
    assert.ok(snoozes.length >= 1);
    assert.equal(snoozes[0].actor, `key:${writer.id}`, 'writes made with an API key are recorded as key:<id>');
  });

  it('seed 002: a status update sets the public progress and lands on the timeline with its message', async () => {
    const inc = await create('API Latency Issues', { status: 'investigating', impact: 'minor', message: 'We are investigating increased API response times.' });
    assert.equal(inc.progress, 'investigating');
    assert.equal(inc.impact, 'minor');
    const res = await api(`/api/incidents/${inc.id}/updates`, 'POST', { status: 'identified', message: 'Root cause identified. Working on a fix.' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.progress, 'identified');
    assert.equal(res.body.status, 'triggered', 'the responder status is separate from the public progress');
    const update = res.body.timeline.find((e: { kind: string; message: string }) => e.kind === 'status_update' && e.message.includes('Root cause identified'));
    assert.ok(update, JSON.stringify(res.body.timeline));
    assert.equal(update.actor, `key:${writer.id}`);
    const upper = await api(`/api/incidents/${inc.id}/updates`, 'POST', { status: 'MONITORING', message: 'Fix deployed, monitoring system stability' });
    assert.equal(upper.status, 201);
    assert.equal(upper.body.progress, 'monitoring');
    const bad = await api(`/api/incidents/${inc.id}/updates`, 'POST', { status: 'panicking', message: 'x' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'status');
  });

  it('notes land on the timeline', async () => {
    const inc = await create('Noted');
    const res = await api(`/api/incidents/${inc.id}/notes`, 'POST', { text: 'Restarted the pod, watching.' });
    assert.equal(res.status, 201, res.text);
    const note = res.body.timeline.find((e: { kind: string }) => e.kind === 'note');
    assert.equal(note.message, 'Restarted the pod, watching.');
    assert.equal(note.actor, `key:${writer.id}`);
    const empty = await api(`/api/incidents/${inc.id}/notes`, 'POST', { text: '   ' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.field, 'text');
  });

  it('unknown incidents are 404 NOT_FOUND on every incident route', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/incidents/inc_doesnotexist', undefined],
      ['PATCH', '/api/incidents/inc_doesnotexist', { status: 'ACKNOWLEDGED' }],
      ['POST', '/api/incidents/inc_doesnotexist/updates', { status: 'identified', message: 'x' }],
      ['POST', '/api/incidents/inc_doesnotexist/notes', { text: 'x' }],
    ] as const) {
      const res = await api(path, method, body);
      assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    }
  });

  it('creating an incident for an unknown service is a 400 naming serviceId', async () => {
    const res = await api('/api/incidents', 'POST', { title: 'Nowhere', serviceId: 'svc_nope' });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.error.field, 'serviceId');
  });

  it('filters by urgency and searches with q', async () => {
    const high = await create('Payment gateway timeouts zebra', { urgency: 'HIGH' });
    const low = await create('Slow thumbnails zebra', { urgency: 'LOW' });
    const highs = (await api('/api/incidents?urgency=high&q=zebra')).body;
    assert.deepEqual(highs.incidents.map((i: { id: string }) => i.id), [high.id]);
    assert.equal(highs.total, 1);
    const zebras = (await api('/api/incidents?q=zebra')).body.incidents.map((i: { id: string }) => i.id).sort();
    assert.deepEqual(zebras, [high.id, low.id].sort());
    assert.equal((await api('/api/incidents?urgency=MEDIUM')).status, 400);
  });

  it('limit: max 200; 201 and 0 are 400 naming limit', async () => {
    for (const bad of ['201', '0', 'ten', '-1', '2.5']) {
      const res = await api(`/api/incidents?limit=${bad}`);
      assert.equal(res.status, 400, `limit=${bad}: ${res.text}`);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.equal(res.body.error.field, 'limit');
    }
    assert.equal((await api('/api/incidents?limit=200')).status, 200);
  });

  it('cursors page through 120 incidents with limit 50: each exactly once, newest first', async () => {
    const tag = 'pagingtag';
    const created: string[] = [];
    for (let i = 0; i < 120; i++) {
      const res = await fetchJson(server.baseUrl, '/v2/enqueue', {
        body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: `${tag}-${i}`, payload: { summary: `${tag} #${i}`, source: 'paging', severity: 'info' } },
      });
      assert.equal(res.status, 202);
      created.push(res.body.dedup_key);
    }
    const seen: string[] = [];
    const createdAts: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await api(`/api/incidents?q=${tag}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.total, 120, 'total counts every match, not the page');
      seen.push(...res.body.incidents.map((i: { dedupKey: string }) => i.dedupKey));
      createdAts.push(...res.body.incidents.map((i: { createdAt: string }) => i.createdAt));
      cursor = res.body.nextCursor;
      pages++;
      assert.ok(pages <= 5, 'paging ends');
    } while (cursor);
    assert.equal(pages, 3);
    assert.equal(seen.length, 120);
    assert.equal(new Set(seen).size, 120, 'no incident twice');
    assert.deepEqual([...seen].sort(), [...created].sort(), 'every incident once');
    assert.deepEqual(createdAts, [...createdAts].sort().reverse(), 'newest first across pages');
    const byDefault = await api(`/api/incidents?q=${tag}`);
    assert.equal(byDefault.body.incidents.length, 50, 'limit defaults to 50');
    const bogus = await api('/api/incidents?cursor=not-a-cursor');
    assert.equal(bogus.status, 400);
    assert.equal(bogus.body.error.field, 'cursor');
  });

  it('order=queue windows with offset and counts=true: the window\'s view of a list, same filters, same error shape', async () => {
    const tag = 'windowtag';
    const made: { id: string; urgency: string }[] = [];
    for (let i = 0; i < 7; i++) made.push(await create(`${tag} #${i}`, { urgency: i % 2 ? 'LOW' : 'HIGH' }) as { id: string; urgency: string });
    await patch(made[0]!.id, { status: 'acknowledged' });
    // Triggered HIGH (oldest first), triggered LOW, then the acknowledged one.
    const expected = [made[2], made[4], made[6], made[1], made[3], made[5], made[0]].map((i) => i!.id);
    const window = async (offset: number, limit: number) => {
      const res = await api(`/api/incidents?q=${tag}&order=queue&offset=${offset}&limit=${limit}&counts=true`);
      assert.equal(res.status, 200, res.text);
      return res.body;
    };
    const first = await window(0, 3);
    const second = await window(3, 3);
    const last = await window(6, 3);
    assert.deepEqual([...first.incidents, ...second.incidents, ...last.incidents].map((i: { id: string }) => i.id), expected);
    assert.equal(first.total, 7);
    assert.equal(first.nextCursor, null, 'the queue order pages by offset');
    assert.deepEqual(first.counts.triggered, { HIGH: 3, LOW: 3 });
    assert.deepEqual(first.counts.acknowledged, { HIGH: 1, LOW: 0 });
    // The earlier tests left a snoozed incident: when the clock next changes a status, for any incident.
    assert.ok(Date.parse(first.nextStatusChangeAt) > Date.now(), first.nextStatusChangeAt);
    assert.equal((await api(`/api/incidents?q=${tag}`)).body.counts, undefined, 'counts only when asked');
    assert.equal((await api(`/api/incidents?q=${tag}&counts=false`)).body.counts, undefined);

    // Bad input: 400 naming the field, never a 5xx.
    const bad: [string, string][] = [
      ['order=oldest', 'order'], ['offset=-1', 'offset'], ['offset=1.5', 'offset'], ['counts=maybe', 'counts'],
      ['offset=5&cursor=abc', 'cursor'], ['order=queue&cursor=abc', 'cursor'], [`q=${'x'.repeat(1025)}`, 'q'],
    ];
    for (const [query, field] of bad) {
      const res = await api(`/api/incidents?${query}`);
      assert.equal(res.status, 400, `${query}: ${res.text}`);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.equal(res.body.error.field, field, query);
    }
  });
});
