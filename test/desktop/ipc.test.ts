// The IPC manager with fake ipcMain/webContents over a real Klaxon (SQLite in a temp dir): only the window's own
// main frame showing the app's page is answered; payloads are validated with the shared schemas before any handler
// runs; answers and refusals come back as envelopes; engine changes are pushed to the window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createIpcManager, type FrameLike, type InvokeEventLike, type IpcMainLike, type IpcReply, type WindowLike } from '../../src-main/desktop/ipc.ts';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../src-main/desktop/app-protocol.ts';
import { IPC_CHANNELS, type ChangeNotice } from '../../src-shared/api.ts';
import { silentLogger } from '../../src-main/log.ts';
import { startServer, pollUntil, type TestServer } from '../support/server.ts';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke from `frame` would get back. */
  async invoke(frame: FrameLike | null, message: unknown): Promise<IpcReply> {
    const h = this.handlers.get(IPC_CHANNELS.invoke);
    if (!h) throw new Error('no handler registered');
    return await h({ senderFrame: frame }, message) as IpcReply;
  }
}

class FakeWindow implements WindowLike {
  sent: { channel: string; payload: unknown }[] = [];
  destroyed = false;
  readonly mainFrame: FrameLike;
  readonly webContents: WindowLike['webContents'];
  constructor(mainFrame: FrameLike) {
    this.mainFrame = mainFrame;
    this.webContents = {
      mainFrame,
      send: (channel, payload) => { this.sent.push({ channel, payload }); },
      isDestroyed: () => this.destroyed,
    };
  }
  isDestroyed() {
    return this.destroyed;
  }
}

const frame = (url: string, processId = 4, routingId = 1): FrameLike => ({ url, processId, routingId });

interface Harness {
  server: TestServer;
  ipc: FakeIpcMain;
  win: FakeWindow;
  dispose(): void;
}

async function harness(t: { after(fn: () => Promise<void> | void): void }): Promise<Harness> {
  const server = await startServer();
  const ipc = new FakeIpcMain();
  const win = new FakeWindow(frame(APP_ENTRY_URL));
  const manager = createIpcManager({
    ipcMain: ipc, window: () => win, appOrigin: APP_ORIGIN, handlers: server.klaxon.handlers, engine: server.klaxon.engine, log: silentLogger,
  });
  t.after(async () => {
    manager.dispose();
    await server.close();
  });
  return { server, ipc, win, dispose: () => manager.dispose() };
}

const incidentCount = (s: TestServer) => s.klaxon.engine.listIncidents({ limit: 200 }).total;

test('the window\'s own main frame is answered from the handlers, over real SQLite', async (t) => {
  const { server, ipc, win } = await harness(t);
  const created = await ipc.invoke(win.mainFrame, { method: 'incidents.create', input: { title: 'Disk full on db-1', serviceId: server.serviceId, urgency: 'HIGH' } });
  assert.equal(created.ok, true, JSON.stringify(created));
  const id = (created as { value: { id: string } }).value.id;

  const listed = await ipc.invoke(win.mainFrame, { method: 'incidents.list', input: { status: 'triggered' } });
  assert.ok(listed.ok);
  assert.deepEqual((listed.value as { incidents: { id: string; title: string }[] }).incidents.map((i) => [i.id, i.title]), [[id, 'Disk full on db-1']]);

  const acked = await ipc.invoke(win.mainFrame, { method: 'incidents.acknowledge', input: { ids: [id] } });
  assert.ok(acked.ok);
  assert.equal(server.klaxon.engine.getIncident(id).status, 'acknowledged');

  // A method without input (settings.get) works with the input left out, as KlaxonApi.send allows.
  const settings = await ipc.invoke(win.mainFrame, { method: 'settings.get' });
  assert.ok(settings.ok);
  assert.equal(typeof (settings.value as { userName: string }).userName, 'string');
});

test('messages from any other frame are dropped before a handler runs', async (t) => {
  const { server, ipc, win } = await harness(t);
  const create = { method: 'incidents.create', input: { title: 'should never exist', serviceId: server.serviceId } };
  const cases: [string, FrameLike | null][] = [
    ['an iframe inside the window (same page URL, another frame)', frame(APP_ENTRY_URL, 4, 7)],
    ['another window\'s main frame', frame(APP_ENTRY_URL, 9, 1)],
    ['a frame that is gone (navigated away or destroyed)', null],
  ];
  for (const [what, sender] of cases) {
    const reply = await ipc.invoke(sender, create);
    assert.equal(reply.ok, false, what);
    assert.equal((reply as { error: { code: string } }).error.code, 'FORBIDDEN', what);
  }

  // The window's own main frame, but showing a page that is not the app's (it was navigated somewhere).
  for (const url of ['https://evil.example/index.html', 'klaxon-app://other/index.html', 'file:///etc/passwd', 'not a url']) {
    const navigated = new FakeWindow(frame(url));
    const ipc2 = new FakeIpcMain();
    const m = createIpcManager({ ipcMain: ipc2, window: () => navigated, appOrigin: APP_ORIGIN, handlers: server.klaxon.handlers, engine: server.klaxon.engine, log: silentLogger });
    const reply = await ipc2.invoke(navigated.mainFrame, create);
    m.dispose();
    assert.equal(reply.ok, false, url);
  }

  // No window at all (closed during quit).
  const ipc3 = new FakeIpcMain();
  const m3 = createIpcManager({ ipcMain: ipc3, window: () => null, appOrigin: APP_ORIGIN, handlers: server.klaxon.handlers, engine: server.klaxon.engine, log: silentLogger });
  assert.equal((await ipc3.invoke(win.mainFrame, create)).ok, false);
  m3.dispose();

  assert.equal(incidentCount(server), 0, 'no refused message reached the engine');
});

test('payloads are validated with the shared schemas; invalid ones never reach a handler', async (t) => {
  const { server, ipc, win } = await harness(t);
  const bad: [string, unknown, string, string | undefined][] = [
    ['not an object', 'incidents.list', 'VALIDATION_FAILED', undefined],
    ['unknown method', { method: 'engine.close', input: {} }, 'VALIDATION_FAILED', 'method'],
    ['prototype key as method', { method: '__proto__', input: {} }, 'VALIDATION_FAILED', 'method'],
    ['missing title', { method: 'incidents.create', input: { serviceId: server.serviceId } }, 'VALIDATION_FAILED', 'title'],
    ['unknown field (strict schema)', { method: 'incidents.create', input: { title: 'x', serviceId: server.serviceId, admin: true } }, 'VALIDATION_FAILED', undefined],
    ['empty id list', { method: 'incidents.acknowledge', input: { ids: [] } }, 'VALIDATION_FAILED', 'ids'],
    ['wrong type', { method: 'incidents.snooze', input: { ids: ['inc_x'], minutes: '15' } }, 'VALIDATION_FAILED', 'minutes'],
    // Past SQLite's LIKE pattern limit (50,000): refused by the schema, never an INTERNAL from the query.
    ['a search too long', { method: 'incidents.list', input: { q: 'x'.repeat(60_000) } }, 'VALIDATION_FAILED', 'q'],
    ['a window with a cursor', { method: 'incidents.list', input: { order: 'queue', cursor: 'abc' } }, 'VALIDATION_FAILED', 'cursor'],
  ];
  for (const [what, message, code, field] of bad) {
    const reply = await ipc.invoke(win.mainFrame, message);
    assert.equal(reply.ok, false, what);
    const { error } = reply as Extract<IpcReply, { ok: false }>;
    assert.equal(error.code, code, what);
    if (field) assert.equal(error.field, field, `${what}: ${JSON.stringify(error)}`);
  }
  assert.equal(incidentCount(server), 0);

  // A domain refusal keeps its code and message (the window shows it).
  const missing = await ipc.invoke(win.mainFrame, { method: 'incidents.get', input: { id: 'inc_doesnotexist' } });
  assert.equal(missing.ok, false);
  assert.equal((missing as Extract<IpcReply, { ok: false }>).error.code, 'NOT_FOUND');
});

test('engine changes are pushed to the window as ChangeNotices; dispose stops both directions', async (t) => {
  const { server, ipc, win, dispose } = await harness(t);
  const res = await fetch(`${server.baseUrl}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminKey}` },
    body: JSON.stringify({
      routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'cpu-high',
      payload: { summary: 'CPU usage above 90%', source: 'prometheus', severity: 'critical' },
    }),
  });
  assert.equal(res.status, 202, await res.text());
  const notice = await pollUntil(() => win.sent.find((m) => m.channel === IPC_CHANNELS.changes
    && (m.payload as ChangeNotice).incidents.some((i) => i.title === 'CPU usage above 90%'))?.payload as ChangeNotice | undefined,
  { message: 'the new incident was pushed on klaxon:changes' });
  assert.equal(notice.incidents[0]?.status, 'triggered');
  assert.equal(notice.incidents[0]?.urgency, 'HIGH');

  dispose();
  assert.equal(ipc.handlers.size, 0, 'the invoke handler is removed');
  const before = win.sent.length;
  await server.klaxon.engine.createService({ name: 'after dispose', urgencyRule: 'severity', suppressionRules: [] });
  await new Promise((r) => setImmediate(r));
  assert.equal(win.sent.length, before, 'nothing is pushed after dispose');
});

test('the Team page over IPC: founding a team pushes a roster notice; a refusal keeps its code and field', async (t) => {
  const { server, ipc, win } = await harness(t);
  const mangled = await ipc.invoke(win.mainFrame, { method: 'team.join', input: { invite: 'klaxon-invite:not-really' } });
  assert.equal(mangled.ok, false);
  assert.deepEqual((mangled as Extract<IpcReply, { ok: false }>).error, { code: 'VALIDATION_FAILED', message: 'This invite is damaged (copy it again, whole)', field: 'invite' });

  const created = await ipc.invoke(win.mainFrame, { method: 'team.create', input: { name: 'Ops', deviceName: 'desk' } });
  assert.ok(created.ok, JSON.stringify(created));
  const status = created.value as { team: { name: string }; devices: { name: string; self: boolean; role: string }[] };
  assert.equal(status.team.name, 'Ops');
  assert.deepEqual(status.devices.map((d) => [d.name, d.self, d.role]), [['desk', true, 'admin']]);
  await pollUntil(() => win.sent.some((m) => m.channel === IPC_CHANNELS.changes && (m.payload as ChangeNotice).roster === true),
    { message: 'a roster notice was pushed on klaxon:changes' });

  const again = await ipc.invoke(win.mainFrame, { method: 'team.create', input: { name: 'Other' } });
  assert.equal((again as Extract<IpcReply, { ok: false }>).error.code, 'CONFLICT');
  assert.equal(server.klaxon.engine.roster().team?.name, 'Ops');
});
