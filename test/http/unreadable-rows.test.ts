// Reads never fail as a whole because of one row. A row whose free-form JSON cannot be parsed or serialised again
// (written straight into SQLite here, as a damaged file or an older bug would leave it) is shown with those fields
// replaced by an explanation, logged once by incident id; every other row, the incident's own page, the browser
// bridge's list and the change feed keep working. An op whose data cannot be read is left out of the timeline.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { DB_FILE } from '../../src-main/store/database.ts';
import type { Logger } from '../../src-main/log.ts';

const deepObjectText = (levels: number) => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);

describe('one unreadable row', () => {
  let server: TestServer;
  const lines: string[] = [];
  const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  const ids: Record<string, string> = {};
  let cookie = '';
  let tab = '';

  const trigger = async (dedupKey: string) => {
    const res = await fetchJson(server.baseUrl, '/api/events', {
      key: server.adminKey,
      body: { routing_key: server.routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary: `Alert ${dedupKey}`, source: 'prometheus', severity: 'critical', custom_details: { dedupKey } }, client: 'Grafana' },
    });
    assert.equal(res.status, 202, res.text);
    return res.body.incident_key as string;
  };
  const invoke = (method: string, input: unknown) => fetchJson(server.baseUrl, '/bridge/invoke', { headers: { cookie, 'x-klaxon-tab': tab, origin: server.baseUrl }, body: { method, input } });

  before(async () => {
    server = await startServer({ log });
    for (const key of ['good-1', 'poisoned', 'broken-text', 'good-2']) ids[key] = await trigger(key);
    const note = await fetchJson(server.baseUrl, `/api/incidents/${ids['good-2']}/notes`, { key: server.adminKey, body: { text: 'a note whose op will be damaged' } });
    assert.equal(note.status, 201);
    const session = await fetchJson(server.baseUrl, '/bridge/session', { method: 'POST', key: server.adminKey });
    cookie = (session.headers.get('set-cookie') ?? '').split(';')[0]!;
    tab = (session.body as { tab: string }).tab;

    // Damage the rows behind Klaxon's back, through a second connection to the same file.
    const db = new BetterSqlite3(path.join(server.dataDir, DB_FILE));
    db.prepare('UPDATE incidents SET custom_details = ?, extra = ? WHERE id = ?').run(deepObjectText(4450), deepObjectText(5000), ids.poisoned);
    db.prepare('UPDATE incidents SET custom_details = ? WHERE id = ?').run('{"truncated mid-write', ids['broken-text']);
    db.prepare("UPDATE ops SET data = '{not json' WHERE entity = ? AND type = 'incident.note_added'").run(ids['good-2']);
    db.close();
  });
  after(async () => { await server?.close(); });

  it('the list answers 200: the damaged rows explain themselves, the others are untouched', async () => {
    const list = await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey });
    assert.equal(list.status, 200, list.text.slice(0, 300));
    type Row = { dedupKey: string; customDetails: unknown; extra: unknown; title: string };
    const byKey: Record<string, Row> = Object.fromEntries((list.body.incidents as Row[]).map((i) => [i.dedupKey, i]));
    assert.equal(Object.keys(byKey).length, 4);
    assert.match(String(byKey.poisoned!.customDetails), /^Not shown: the stored customDetails of this incident could not be read \(nested deeper than 40 levels\)/);
    assert.match(String((byKey.poisoned!.extra as { unreadable: string }).unreadable), /^Not shown: the stored extra/);
    assert.equal(byKey.poisoned!.title, 'Alert poisoned', 'the rest of the row is shown as stored');
    assert.match(String(byKey['broken-text']!.customDetails), /could not be read \(not valid JSON/);
    assert.deepEqual(byKey['good-1']!.customDetails, { dedupKey: 'good-1' });
    assert.deepEqual(byKey['good-2']!.extra, { client: 'Grafana' });
  });

  it('each incident answers 200 on its own, and a damaged op is left out of the timeline', async () => {
    for (const id of Object.values(ids)) {
      const one = await fetchJson(server.baseUrl, `/api/incidents/${id}`, { key: server.adminKey });
      assert.equal(one.status, 200, one.text.slice(0, 300));
    }
    const poisoned = await fetchJson(server.baseUrl, `/api/incidents/${ids.poisoned}`, { key: server.adminKey });
    assert.match(String(poisoned.body.customDetails), /^Not shown/);
    assert.deepEqual(poisoned.body.timeline.map((e: { kind: string }) => e.kind), ['triggered']);
    const good2 = await fetchJson(server.baseUrl, `/api/incidents/${ids['good-2']}`, { key: server.adminKey });
    assert.deepEqual(good2.body.timeline.map((e: { kind: string }) => e.kind), ['triggered'], 'the unreadable note op is left out');
  });

  it("the browser bridge's list and the change feed keep working", async () => {
    const list = await invoke('incidents.list', {});
    assert.equal(list.status, 200, list.text.slice(0, 300));
    assert.equal(list.body.incidents.length, 4);
    assert.equal((await invoke('incidents.get', { id: ids.poisoned })).status, 200);

    const ctl = new AbortController();
    const feed = await fetch(new URL('/bridge/events', server.baseUrl), { headers: { cookie, 'x-klaxon-tab': tab }, signal: ctl.signal });
    assert.equal(feed.status, 200);
    const reader = feed.body!.getReader();
    // A repeat of the damaged incident and an acknowledgement of it: both announce its snapshot.
    await trigger('poisoned');
    const ack = await fetchJson(server.baseUrl, `/api/incidents/${ids.poisoned}`, { method: 'PATCH', key: server.adminKey, body: { status: 'ACKNOWLEDGED' } });
    assert.equal(ack.status, 200, ack.text.slice(0, 300));
    let text = '';
    const decoder = new TextDecoder();
    const deadline = Date.now() + 20_000;
    while (!text.includes('"status":"acknowledged"') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    ctl.abort();
    const notices = text.split('\n\n').filter((f) => f.startsWith('data: ')).map((f) => JSON.parse(f.slice(6)) as { incidents: { id: string; status: string; customDetails: unknown }[] });
    const seen = notices.flatMap((n) => n.incidents).filter((i) => i.id === ids.poisoned);
    assert.ok(seen.some((i) => i.status === 'acknowledged'), `no notice for the acknowledged incident in:\n${text.slice(0, 500)}`);
    assert.ok(seen.every((i) => String(i.customDetails).startsWith('Not shown')));
    assert.ok(!lines.some((l) => l.includes('change feed')), `the feed failed:\n${lines.join('\n')}`);
  });

  it('the log names each damaged incident and op, once', async () => {
    for (let i = 0; i < 3; i++) await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey });
    const about = (needle: string) => lines.filter((l) => l.includes(needle));
    assert.equal(about(`incident ${ids.poisoned}: its stored customDetails could not be read`).length, 1, lines.join('\n'));
    assert.equal(about(`incident ${ids.poisoned}: its stored extra could not be read`).length, 1);
    assert.equal(about(`incident ${ids['broken-text']}: its stored customDetails could not be read`).length, 1);
    assert.equal(about(`(incident.note_added on ${ids['good-2']}): its stored data could not be read`).length, 1);
    assert.equal(about(ids['good-1']!).length, 0);
  });
});
