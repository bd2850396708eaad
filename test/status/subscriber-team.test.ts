// In a team, the device that posts an update mails the subscribers, and the link in its mail works on any device of
// the team: A serves the status page, B (a teammate's laptop) posts the update; Ana's one click on the link B signed
// reaches A, which checks B's signature against the roster and unsubscribes her. A device not on the roster cannot
// make a link that works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import { systemClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import type { Engine } from '../../src-main/engine/types.ts';
import { createSubscriberRunner } from '../../src-main/status/subscriber-runner.ts';
import { startServer, pollUntil, type TestServer } from '../support/server.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { statusPagesOfServices, type FixturePage } from '../support/status-page-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

test('a teammate\'s mail carries an unsubscribe link the status page\'s device honours; a stranger\'s does not', async (t) => {
  const page: FixturePage = { id: 'sp_acme', slug: 'acme', name: 'Acme', publicUrl: '', serviceId: '' };
  const a: TestServer = await startServer({ statusPages: statusPagesOfServices(() => a.klaxon.engine, [page]) });
  t.after(() => a.close());
  Object.assign(page, { publicUrl: `${a.baseUrl}/status/acme`, serviceId: a.serviceId });
  const sink = await startSmtpSink();
  t.after(() => sink.close());
  const sync = async (from: Engine, to: Engine) => { await to.applyRemoteOps(from.opsSince(from.deviceId, 0, 10_000)); };
  const smtp = { host: '127.0.0.1', port: sink.port, security: 'none' as const, user: 'klaxon', password: 'mail-password', from: 'status@acme.test' };

  const ae = a.klaxon.engine;
  await ae.createTeam({ name: 'Ops', deviceName: 'relay', userName: 'Ana' });
  const laptop = (name: string) => {
    const e = createEngine({ dataDir: tempDir(t), clock: systemClock, log: silentLogger });
    const runner = createSubscriberRunner({ engine: e, clock: systemClock, log: silentLogger, updates: statusPagesOfServices(() => e, [page]).updates });
    t.after(async () => { await runner.close(); await e.close(); });
    return { e, runner, name };
  };
  const ben = laptop('ben');
  const stranger = laptop('stranger');
  const invite = await ae.createInvite({ role: 'member', expiresAt: Date.now() + 3_600_000 });
  await ae.enrolWithInvite({ inviteId: invite.id, proves: () => true, deviceId: ben.e.deviceId, publicKey: ben.e.publicKey, deviceName: 'ben', userName: 'Ben' });

  const taken = await ae.subscribeEmail(page.id, 'ana@example.com', 'system');
  await ae.confirmSubscriber(page.id, taken!.token, 'system');
  const incident = await ae.createIncident({ title: 'Checkout is slow', serviceId: a.serviceId }, 'user:ana');
  for (const l of [ben, stranger]) {
    await sync(ae, l.e);
    await l.e.updateSettings({ smtp });
    l.runner.start();
    await l.e.postStatusUpdate(incident.id, { status: 'identified', message: `Posted from ${l.name}'s laptop.` }, 'user:ben');
    await pollUntil(() => sink.mails.some((m) => m.text.includes(`from ${l.name}'s`)), { message: `${l.name}'s mail` });
  }
  const link = (who: string) => /^<(.+)>$/.exec(sink.mails.find((m) => m.text.includes(`from ${who}'s`))!.headers.get('list-unsubscribe')!)![1]!;
  const click = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

  assert.ok(link('ben').includes(`.${ben.e.deviceId}.`), 'signed by the laptop that sent it');
  assert.equal((await click(link('stranger'))).status, 404, 'a device not on the roster');
  assert.equal(ae.listSubscribers(page.id)[0]!.state, 'confirmed');
  assert.equal((await click(link('ben'))).status, 200);
  assert.equal(ae.listSubscribers(page.id)[0]!.state, 'unsubscribed');
});
