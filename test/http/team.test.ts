// The team over HTTP, between two real hosts on loopback: an in-process one (A) and a `klaxon serve` child process
// (B). A founds a team and invites; B joins through POST /api/team/join; both then list both devices and the same
// people. Reading needs `incidents:read`; changing the roster, invites or peers needs `admin`; a mistyped invite is
// a 400 that changes nothing (the invite stays usable); a device that is not an admin cannot revoke.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, pollUntil, makeTempDir, removeDir, type TestServer } from '../support/server.ts';
import { klaxonInit, startKlaxon, type KlaxonProcess } from '../integration/support/klaxon-process.ts';
import { TeamStatus, type User } from '../../src-shared/schemas/team.ts';
import { decodeInvite, encodeInvite } from '../../src-main/sync/invite.ts';
import { rawRequest, cookiePair } from '../renderer/support/http.ts';

/** A sync port that refuses at once: nothing listens on the discard port of loopback in the test machines. */
const NOBODY_THERE = '127.0.0.1:9';

describe('team routes', () => {
  let a: TestServer;
  let b: KlaxonProcess;
  let bDir: string;
  let bKey: string;
  let readKey: string;
  before(async () => {
    a = await startServer({ sync: { host: '127.0.0.1', port: 0 } });
    readKey = (await a.createKey(['incidents:read'])).key;
    bDir = makeTempDir('klaxon-team-b-');
    bKey = (await klaxonInit(bDir)).apiKey;
    b = await startKlaxon({ dataDir: bDir, extraArgs: ['--sync-host', '127.0.0.1', '--sync-port', '0'] });
  });
  after(async () => {
    await b?.stop();
    await a?.close();
    if (bDir) removeDir(bDir);
  });

  const onA = (path: string, opts: { method?: string; body?: unknown; key?: string } = {}) => fetchJson(a.baseUrl, path, { key: a.adminKey, ...opts });
  const onB = (path: string, opts: { method?: string; body?: unknown; key?: string } = {}) => fetchJson(b.baseUrl, path, { key: bKey, ...opts });
  const statusOf = async (host: typeof onA) => {
    const res = await host('/api/team');
    assert.equal(res.status, 200, res.text);
    return TeamStatus.parse(res.body);
  };
  const assertError = (res: { status: number; body: { error?: { code: string; message: string; field?: string } }; text: string }, status: number, code: string) => {
    assert.equal(res.status, status, res.text);
    assert.equal(res.body.error?.code, code, res.text);
    assert.ok(res.body.error?.message, 'says why');
  };

  it('a device in no team says so, with its own id; changing the roster before there is a team is a 409', async () => {
    const s = await statusOf(onA);
    assert.equal(s.team, null);
    assert.equal(s.self.deviceId, a.klaxon.engine.deviceId);
    assert.deepEqual(s.devices, []);
    assertError(await onA('/api/team/invites', { body: {} }), 409, 'CONFLICT');
    assertError(await onA(`/api/team/devices/${a.klaxon.engine.deviceId}/revoke`, { method: 'POST' }), 409, 'CONFLICT');
    assertError(await onA('/api/team/peers', { body: { address: NOBODY_THERE } }), 409, 'CONFLICT');
  });

  it('incidents:read may read the team and its people, and nothing more; no key is a 401', async () => {
    const read = (path: string, method = 'GET', body?: unknown) => fetchJson(a.baseUrl, path, { method, body, key: readKey });
    assert.equal((await read('/api/team')).status, 200);
    assert.equal((await read('/api/users')).status, 200);
    const writes: [string, string, unknown][] = [
      ['POST', '/api/team', { name: 'Ops' }],
      ['POST', '/api/team/invites', {}],
      ['GET', '/api/team/invites', undefined],
      ['DELETE', '/api/team/invites/inv_x', undefined],
      ['POST', '/api/team/join', { invite: 'klaxon-invite:x' }],
      ['POST', '/api/team/devices/abc/revoke', {}],
      ['POST', '/api/team/peers', { address: NOBODY_THERE }],
      ['POST', '/api/users', { name: 'Eve' }],
    ];
    for (const [method, path, body] of writes) {
      const res = await read(path, method, body);
      assertError(res, 403, 'FORBIDDEN');
      assert.match(res.body.error.message, /admin scope/, `${method} ${path}`);
    }
    assertError(await fetchJson(a.baseUrl, '/api/team'), 401, 'UNAUTHORIZED');
    assert.equal((await statusOf(onA)).team, null, 'nothing was created');
  });

  let invite = '';
  it('A founds a team and invites a device: one line naming where A listens for sync', async () => {
    const created = await onA('/api/team', { body: { name: 'Ops', deviceName: 'laptop-a' } });
    assert.equal(created.status, 201, created.text);
    const s = TeamStatus.parse(created.body);
    assert.equal(s.team?.name, 'Ops');
    assert.deepEqual(s.devices.map((d) => [d.name, d.role, d.self]), [['laptop-a', 'admin', true]]);
    assert.equal(s.self.userName, 'me', 'the settings\' name became the person');
    assertError(await onA('/api/team', { body: { name: 'Again' } }), 409, 'CONFLICT');

    const res = await onA('/api/team/invites', { body: { expiresInMinutes: 60 } });
    assert.equal(res.status, 201, res.text);
    invite = res.body.invite;
    assert.match(invite, /^klaxon-invite:/);
    assert.equal(res.body.role, 'member');
    const listening = a.klaxon.sync!.listening!;
    assert.deepEqual(res.body.addresses, [`127.0.0.1:${listening.port}`], 'the invite names the port sync really listens on');
    const expiresIn = Date.parse(res.body.expiresAt) - Date.now();
    assert.ok(expiresIn > 55 * 60_000 && expiresIn <= 60 * 60_000, `expires in an hour (${expiresIn} ms)`);
    assert.equal((await statusOf(onA)).listening, `127.0.0.1:${listening.port}`);
  });

  it('a window signed in with a responder\'s key sees the team through the bridge, and cannot change it', async () => {
    const responder = await a.createKey(['incidents:read', 'incidents:write']);
    const session = await fetchJson(a.baseUrl, '/bridge/session', { method: 'POST', key: responder.key });
    assert.equal(session.status, 200, session.text);
    const cookie = cookiePair(session.headers.get('set-cookie') ?? undefined);
    // The bridge wants the tab's secret beside the cookie (a replayed cookie alone is refused).
    const { tab } = session.body as { tab: string };
    const invoke = (method: string, input?: unknown) => rawRequest(a.baseUrl, '/bridge/invoke', {
      method: 'POST', headers: { 'content-type': 'application/json', origin: a.baseUrl, cookie, 'x-klaxon-tab': tab }, body: JSON.stringify({ method, input }),
    });
    const status = await invoke('team.status');
    assert.equal(status.status, 200, status.body);
    assert.equal(TeamStatus.parse(JSON.parse(status.body)).self.deviceId, a.klaxon.engine.deviceId);
    assert.equal((await invoke('users.list')).status, 200);
    const changes: [string, unknown][] = [
      ['team.create', { name: 'Mine' }], ['team.invite', {}], ['team.invites', undefined], ['team.revokeInvite', { id: 'inv_x' }],
      ['team.join', { invite: 'klaxon-invite:x' }], ['team.revokeDevice', { id: 'abc' }], ['team.connect', { address: NOBODY_THERE }],
      ['users.create', { name: 'Eve' }], ['users.ensureSelf', undefined],
    ];
    for (const [method, input] of changes) {
      const res = await invoke(method, input);
      assert.equal(res.status, 403, `${method}: ${res.body}`);
      assert.match(JSON.parse(res.body).error.message, /needs an API key with the admin scope/);
    }
    const after = await statusOf(onA);
    assert.deepEqual(after.devices.map((d) => d.name), ['laptop-a'], 'nobody joined, nobody was revoked');
    assert.equal(after.users.length, 1, 'nobody was added');
    assert.equal((await onA('/api/team/invites')).body.invites.length, 1, 'no invite was made');
  });

  it('a mistyped or damaged invite is a 400 that names the problem and changes nothing; the real one still works after', async () => {
    const garbled = await onB('/api/team/join', { body: { invite: invite.replace('klaxon-invite:', 'klaxon-invte:') } });
    assertError(garbled, 400, 'VALIDATION_FAILED');
    assert.equal(garbled.body.error.field, 'invite');
    assert.match(garbled.body.error.message, /not a Klaxon invite/);

    const truncated = await onB('/api/team/join', { body: { invite: invite.slice(0, -12) } });
    assertError(truncated, 400, 'VALIDATION_FAILED');
    assert.match(truncated.body.error.message, /damaged/);

    // Well formed, but one character of the secret off: only the inviting device can tell, and it refuses.
    const parts = decodeInvite(invite);
    const wrongSecret = encodeInvite({ ...parts, secret: (parts.secret[0] === 'A' ? 'B' : 'A') + parts.secret.slice(1) });
    const refused = await onB('/api/team/join', { body: { invite: wrongSecret, deviceName: 'laptop-b' } });
    assertError(refused, 400, 'INVITE_REFUSED');
    assert.match(refused.body.error.message, /The invite was refused: it is mistyped/);

    const elsewhere = await onA('/api/team/invites', { body: { addresses: [NOBODY_THERE] } });
    assert.equal(elsewhere.status, 201, elsewhere.text);
    const unreachable = await onB('/api/team/join', { body: { invite: elsewhere.body.invite } });
    assertError(unreachable, 400, 'INVITE_REFUSED');
    assert.match(unreachable.body.error.message, /Could not reach the inviting device/);

    assert.equal((await statusOf(onB)).team, null, 'B is in no team');
    assert.equal((await statusOf(onA)).devices.length, 1, 'A enrolled nobody');
    const invites = (await onA('/api/team/invites')).body.invites as { id: string; state: string }[];
    assert.ok(invites.every((i) => i.state === 'open'), JSON.stringify(invites));
  });

  it('B joins through POST /api/team/join: both list both devices and the same two people, and A sees B online', async () => {
    const joined = await onB('/api/team/join', { body: { invite: `  ${invite.slice(0, 40)}\n${invite.slice(40)}  `, deviceName: 'laptop-b' } });
    assert.equal(joined.status, 200, joined.text);
    const fromB = TeamStatus.parse(joined.body);
    assert.equal(fromB.team?.name, 'Ops');
    assert.deepEqual(fromB.devices.map((d) => d.name).sort(), ['laptop-a', 'laptop-b']);
    const bId = fromB.self.deviceId;
    assert.equal(fromB.self.role, 'member');

    const fromA = await pollUntil(async () => {
      const s = await statusOf(onA);
      return s.devices.find((d) => d.deviceId === bId)?.connected && s;
    }, { message: 'A never saw B connected' });
    const bOnA = fromA.devices.find((d) => d.deviceId === bId)!;
    assert.deepEqual([bOnA.name, bOnA.role, bOnA.self, bOnA.revoked], ['laptop-b', 'member', false, false]);
    assert.equal(bOnA.userName, 'me', 'B\'s settings name became B\'s own person');
    assert.ok(bOnA.lastSeenAt);
    assert.equal(fromA.users.length, 2, 'two people, though both are called "me"');
    assert.notEqual(fromA.users[0]!.id, fromA.users[1]!.id);

    const usersOnB = await pollUntil(async () => {
      const list = (await onB('/api/users')).body.users as User[];
      return list.length === 2 && list;
    }, { message: 'B never listed both people' });
    const usersOnA = (await onA('/api/users')).body.users as User[];
    assert.deepEqual(usersOnB.map((u) => u.id).sort(), usersOnA.map((u) => u.id).sort());
    assert.ok(usersOnA.some((u) => u.deviceIds.includes(bId)));

    const invites = (await onA('/api/team/invites')).body.invites as { id: string; state: string; usedBy: string | null }[];
    assert.equal(invites.find((i) => i.state === 'used')?.usedBy, bId);
    assertError(await onB('/api/team/join', { body: { invite } }), 409, 'CONFLICT');
  });

  it('people: created with a stable id, listed by every device of the team; a bad name is a 400', async () => {
    const res = await onA('/api/users', { body: { name: '  Dana  ' } });
    assert.equal(res.status, 201, res.text);
    const dana = res.body.user as User;
    assert.match(dana.id, /^usr_/);
    assert.equal(dana.name, 'Dana');
    assert.deepEqual(dana.deviceIds, []);
    assert.ok(((await onA('/api/users')).body.users as User[]).some((u) => u.id === dana.id));
    await pollUntil(async () => ((await onB('/api/users')).body.users as User[]).some((u) => u.id === dana.id && u.name === 'Dana'), { message: 'Dana never reached B' });

    const empty = await onA('/api/users', { body: { name: '   ' } });
    assertError(empty, 400, 'VALIDATION_FAILED');
    assert.equal(empty.body.error.field, 'name');
    assertError(await onA('/api/users', { body: { name: 'x', admin: true } }), 400, 'VALIDATION_FAILED');
  });

  it('addresses typed by hand are checked; invites can be revoked', async () => {
    const bad = await onA('/api/team/peers', { body: { address: 'laptop-b' } });
    assertError(bad, 400, 'VALIDATION_FAILED');
    assert.equal(bad.body.error.field, 'address');
    assert.match(bad.body.error.message, /HOST:PORT/);
    const added = await onA('/api/team/peers', { body: { address: '[::1]:9' } });
    assert.equal(added.status, 201, added.text);
    assert.deepEqual(added.body, { address: '[::1]:9', dialling: true });

    const open = (await onA('/api/team/invites')).body.invites.find((i: { state: string }) => i.state === 'open');
    const revoked = await onA(`/api/team/invites/${open.id}`, { method: 'DELETE' });
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal(revoked.body.state, 'revoked');
    assertError(await onA('/api/team/invites/inv_nope', { method: 'DELETE' }), 404, 'NOT_FOUND');
  });

  it('only an admin device revokes; a revoked device is greyed out everywhere, and the last admin stays', async () => {
    const aId = a.klaxon.engine.deviceId;
    const bId = (await statusOf(onB)).self.deviceId;
    const notAdmin = await onB(`/api/team/devices/${aId}/revoke`, { method: 'POST' });
    assertError(notAdmin, 403, 'FORBIDDEN');
    assert.match(notAdmin.body.error.message, /Only an admin device/);
    assertError(await onA('/api/team/devices/nosuchdevice/revoke', { method: 'POST', body: {} }), 404, 'NOT_FOUND');
    assertError(await onA(`/api/team/devices/${aId}/revoke`, { method: 'POST', body: {} }), 409, 'CONFLICT');

    const res = await onA(`/api/team/devices/${bId}/revoke`, { method: 'POST', body: { reason: 'laptop lost' } });
    assert.equal(res.status, 200, res.text);
    const after = TeamStatus.parse(res.body).devices.find((d) => d.deviceId === bId)!;
    assert.equal(after.revoked, true);
    assert.ok(after.revokedAt);
    assert.equal((await statusOf(onA)).devices.find((d) => d.deviceId === aId)?.revoked, false);
  });
});
