// /api/local-actions and the window's localActions.* methods: an admin on this machine sets a command, tests it and
// reads its log; bad input is a 400 in Klaxon's error shape; a browser on another machine is refused even with admin.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';
import { isLoopbackPeer } from '../../src-main/http/routes/local-actions.ts';

describe('local actions', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });
  const admin = (path: string, method = 'GET', body?: unknown) => fetchJson(server.baseUrl, path, { method, body, key: server.adminKey });
  const echo = [process.execPath, '-e', "let s = ''; process.stdin.on('data', (c) => s += c).on('end', () => console.log(JSON.parse(s).type))"];

  it('is created, tested (the command prints what it got on stdin), logged, run again, changed and deleted', async () => {
    const created = await admin('/api/local-actions', 'POST', { name: 'Echo', command: echo, events: ['triggered'], serviceIds: [server.serviceId], timeoutSeconds: 5 });
    assert.equal(created.status, 201, created.text);
    const action = created.body.action;
    assert.match(action.id, /^act_/);
    assert.deepEqual([action.shell, action.enabled, action.timeoutSeconds], [false, true, 5]);
    assert.deepEqual((await admin('/api/local-actions')).body.actions.map((a: { id: string }) => a.id), [action.id]);

    const tested = await admin(`/api/local-actions/${action.id}/test`, 'POST', {});
    assert.equal(tested.status, 200, tested.text);
    assert.deepEqual([tested.body.run.state, tested.body.run.exitCode, tested.body.run.stdout, tested.body.run.event], ['succeeded', 0, 'local_action.test\n', 'test']);
    const again = await admin(`/api/local-actions/runs/${tested.body.run.id}/retry`, 'POST', {});
    assert.deepEqual([again.status, again.body.run.attempts], [200, 2]);
    const log = await admin(`/api/local-actions/${action.id}/runs`);
    assert.deepEqual(log.body.runs.map((r: { id: number }) => r.id), [tested.body.run.id]);

    const patched = await admin(`/api/local-actions/${action.id}`, 'PATCH', { command: ['echo flash'], shell: true, enabled: false });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual([patched.body.action.command, patched.body.action.shell, patched.body.action.enabled], [['echo flash'], true, false]);
    const shelled = await admin(`/api/local-actions/${action.id}/test`, 'POST', {});
    assert.deepEqual([shelled.body.run.state, shelled.body.run.stdout], ['succeeded', 'flash\n'], 'a paused action still runs its test');

    assert.equal((await admin(`/api/local-actions/${action.id}`, 'DELETE')).status, 200);
    assert.equal((await admin(`/api/local-actions/${action.id}/runs`)).status, 404);
    assert.equal((await admin('/api/local-actions/runs/999999/retry', 'POST', {})).status, 404);
  });

  it('bad input is a 400 in the error shape', async () => {
    const bad = [
      { name: 'x', command: ['sh', '-c', 'echo'], shell: true, events: ['triggered'] },
      { name: 'x', command: [], events: ['triggered'] },
      { name: 'x', command: ['true'], events: [] },
      { name: 'x', command: ['true'], events: ['exploded'] },
      { name: 'x', command: ['true'], events: ['triggered'], timeoutSeconds: 0 },
      { name: 'x', command: ['true'], events: ['triggered'], serviceIds: ['svc_nope'] },
      { name: 'x', command: ['true'], events: ['triggered'], env: { A: '1' } },
    ];
    for (const body of bad) {
      const res = await admin('/api/local-actions', 'POST', body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(typeof res.body.error.code, 'string');
    }
    assert.equal((await admin('/api/local-actions/act_nope', 'PATCH', { name: 'y' })).status, 404);
  });

  it('over the bridge: this machine may set them, a browser on another machine may not, even signed in as admin', async () => {
    const h = server.klaxon.handlers;
    const here = { actor: null, sessionId: 'ses_local', remote: false };
    const made = await h['localActions.create']({ name: 'Bridge', command: echo, events: ['acknowledged'] }, here);
    assert.deepEqual((await h['localActions.list'](undefined, here)).map((a) => a.id), [made.id]);
    const elsewhere = { actor: null, sessionId: 'ses_far', remote: true };
    await assert.rejects(h['localActions.create']({ name: 'Mine now', command: ['rm', '-rf', '/'], events: ['triggered'] }, elsewhere), /only from this machine/);
    await assert.rejects(h['localActions.list'](undefined, elsewhere), /only from this machine/);
    await h['localActions.delete']({ id: made.id }, undefined);
    assert.deepEqual([isLoopbackPeer('127.0.0.1'), isLoopbackPeer('::1'), isLoopbackPeer('::ffff:127.0.0.1'), isLoopbackPeer('192.168.1.7'), isLoopbackPeer(undefined)], [true, true, true, false, false]);
  });
});
