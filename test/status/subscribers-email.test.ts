// Status page subscribers end to end, over HTTP against a real Klaxon and a local SMTP server: subscribe → the
// confirmation mail → confirm → an update posted through the Incidents API → the notice mail, public fields only,
// with RFC 8058's one-click unsubscribe headers → one click → no more mail. An unconfirmed address gets nothing,
// and the subscribe endpoint answers alike for addresses it knows and addresses it does not.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, pollUntil, type TestServer } from '../support/server.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../support/smtp-sink.ts';
import { statusPagesOfServices, type FixturePage } from '../support/status-page-fixture.ts';

async function setup(t: TestContext): Promise<{ server: TestServer; sink: SmtpSink; page: FixturePage }> {
  const sink = await startSmtpSink();
  const page: FixturePage = { id: 'sp_acme', slug: 'acme', name: 'Acme', publicUrl: '', serviceId: '' };
  const other: FixturePage = { id: 'sp_other', slug: 'other', name: 'Other', publicUrl: 'http://127.0.0.1/status/other', serviceId: 'svc_none' };
  const server: TestServer = await startServer({ statusPages: statusPagesOfServices(() => server.klaxon.engine, [page, other]) });
  Object.assign(page, { publicUrl: `${server.baseUrl}/status/acme`, serviceId: server.serviceId });
  t.after(async () => { await server.close(); await sink.close(); });
  await server.klaxon.engine.updateSettings({
    smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'klaxon', password: 'mail-password', from: '"Acme status" <status@acme.test>' },
  });
  return { server, sink, page };
}

const subscribe = (server: TestServer, email: string) => fetchJson(server.baseUrl, '/status/acme/subscribe', { body: { email } });
/** Mail to an address (a domain's case does not matter: the sender writes it lower-case). */
const mailsTo = (sink: SmtpSink, to: string) => sink.mails.filter((x) => x.to.some((a) => a.toLowerCase() === to.toLowerCase()));
const mailTo = (sink: SmtpSink, to: string, n = 1) =>
  pollUntil(() => { const m = mailsTo(sink, to); return m.length >= n && m[n - 1]; }, { message: `mail ${n} to ${to}` });
const linkIn = (mail: ReceivedMail, label: string) => new RegExp(`${label}: (\\S+)`).exec(mail.text)![1]!;

test('subscribe, confirm, get the update with one-click unsubscribe headers, unsubscribe in one click, get no more', async (t) => {
  const { server, sink, page } = await setup(t);

  const asked = await subscribe(server, 'Ana@Example.com');
  assert.equal(asked.status, 202, asked.text);
  const confirmation = await mailTo(sink, 'Ana@Example.com');
  assert.equal(confirmation.headers.get('subject'), 'Confirm your subscription to Acme');
  assert.equal(confirmation.headers.get('from'), 'Acme status <status@acme.test>');
  assert.equal(confirmation.headers.get('list-unsubscribe'), undefined, 'nothing to unsubscribe from yet');
  assert.deepEqual(sink.logins, ['klaxon'], 'signed in with the stored password');
  const shown = server.klaxon.engine.getSettings();
  assert.equal(shown.smtp.passwordSet, true);
  assert.ok(!JSON.stringify(shown).includes('mail-password'), 'the settings the window reads never carry the password');
  const confirmLink = linkIn(confirmation, 'Confirm');
  assert.ok(confirmLink.startsWith(`${page.publicUrl}/confirm/`), confirmLink);
  assert.match(confirmation.html, new RegExp(`href="${confirmLink.replace(/[.?]/g, '\\$&')}"`));

  // A second subscriber, confirmed: the witness that updates are sent while Ana gets none.
  await subscribe(server, 'bob@example.com');
  const bobConfirm = await mailTo(sink, 'bob@example.com');
  assert.equal((await fetch(linkIn(bobConfirm, 'Confirm'), { method: 'POST' })).status, 200);

  // Unconfirmed, Ana gets nothing of this update; Bob does.
  const incident = await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey, body: { title: 'Checkout is slow', serviceId: server.serviceId } });
  await fetchJson(server.baseUrl, `/api/incidents/${incident.body.id}/notes`, { key: server.adminKey, body: { text: 'PRIVATE: the db replica lags' } });
  const first = await fetchJson(server.baseUrl, `/api/incidents/${incident.body.id}/updates`, { key: server.adminKey, body: { status: 'investigating', message: 'We are looking into slow checkouts.', impact: 'minor' } });
  assert.equal(first.status, 201, first.text);
  await mailTo(sink, 'bob@example.com', 2);

  assert.equal((await fetch(confirmLink.replace('/status/acme/', '/status/other/'), { method: 'POST' })).status, 404, 'a link is good on its own page only');
  const before = await fetchJson(server.baseUrl, '/api/status-pages/sp_acme/subscribers', { key: server.adminKey });
  assert.equal(before.body.subscribers.find((x: { email: string }) => x.email === 'Ana@Example.com').state, 'pending');
  // Opening the link (as a mail scanner does) only asks; the click on its button confirms.
  const opened = await fetch(confirmLink);
  assert.equal(opened.status, 200);
  assert.match(await opened.text(), /<form method="post"><button type="submit">Confirm<\/button><\/form>/);
  const still = await fetchJson(server.baseUrl, '/api/status-pages/sp_acme/subscribers', { key: server.adminKey });
  assert.equal(still.body.subscribers.find((x: { email: string }) => x.email === 'Ana@Example.com').state, 'pending', 'a GET confirms nothing');
  const confirmed = await fetch(confirmLink, { method: 'POST' });
  assert.equal(confirmed.status, 200);
  assert.match(await confirmed.text(), /You are subscribed/);

  await fetchJson(server.baseUrl, `/api/incidents/${incident.body.id}/updates`, { key: server.adminKey, body: { status: 'identified', message: 'A slow database <replica>; failing over.' } });
  const notice = await mailTo(sink, 'Ana@Example.com', 2);
  await mailTo(sink, 'bob@example.com', 3);
  assert.equal(mailsTo(sink, 'Ana@Example.com').length, 2, 'the confirmation and this one: nothing of the update posted before she confirmed');
  assert.equal(notice.headers.get('subject'), '[Acme] Checkout is slow: Identified');
  assert.match(notice.text, /A slow database <replica>; failing over\./);
  assert.match(notice.text, /Identified · impact: Minor/);
  assert.match(notice.html, /A slow database &#60;replica&#62;; failing over\./, 'the message is escaped in HTML');
  assert.ok(notice.text.includes(`Status page: ${page.publicUrl}`));
  for (const part of [notice.text, notice.html, notice.raw]) {
    assert.ok(!part.includes('PRIVATE') && !part.includes(incident.body.id) && !part.includes('Test service'), 'public fields only');
  }
  const unsubscribeUrl = /^<(.+)>$/.exec(notice.headers.get('list-unsubscribe')!)![1]!;
  assert.ok(unsubscribeUrl.startsWith(`${page.publicUrl}/unsubscribe/`), unsubscribeUrl);
  assert.equal(notice.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
  assert.equal(linkIn(notice, 'Unsubscribe'), unsubscribeUrl);

  // Opening the link (a mail scanner does) only asks; the one-click POST a mail client sends unsubscribes.
  const asking = await fetch(unsubscribeUrl);
  assert.equal(asking.status, 200);
  assert.match(await asking.text(), /<form method="post">/);
  let list = await fetchJson(server.baseUrl, '/api/status-pages/sp_acme/subscribers', { key: server.adminKey });
  assert.deepEqual(list.body.subscribers.map((s: { email: string; state: string }) => [s.email, s.state]), [['Ana@Example.com', 'confirmed'], ['bob@example.com', 'confirmed']]);
  const oneClick = await fetch(unsubscribeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  assert.equal(oneClick.status, 200);
  assert.match(await oneClick.text(), /You are unsubscribed/);
  list = await fetchJson(server.baseUrl, '/api/status-pages/sp_acme/subscribers', { key: server.adminKey });
  assert.deepEqual(list.body.subscribers.map((s: { state: string }) => s.state), ['unsubscribed', 'confirmed']);

  await fetchJson(server.baseUrl, `/api/incidents/${incident.body.id}/updates`, { key: server.adminKey, body: { status: 'monitoring', message: 'Failed over; watching.' } });
  await mailTo(sink, 'bob@example.com', 4);
  await server.klaxon.subscribers.settled();
  assert.equal(mailsTo(sink, 'Ana@Example.com').length, 2, 'no more mail after unsubscribing');

  // A link altered by one character, or for another page's subscriber, does nothing.
  const forged = unsubscribeUrl.slice(0, -2) + (unsubscribeUrl.endsWith('AA') ? 'BB' : 'AA');
  assert.equal((await fetch(forged, { method: 'POST' })).status, 404);
  assert.equal((await fetch(`${confirmLink}x`)).status, 404);
  assert.equal((await fetch(`${server.baseUrl}/status/nope/confirm/x`)).status, 404);
});

test('the subscribe endpoint answers alike for a new, a pending and a subscribed address; it is limited per client', async (t) => {
  const { server, sink } = await setup(t);
  const fresh = await subscribe(server, 'new@example.com');
  await mailTo(sink, 'new@example.com');
  const pending = await subscribe(server, 'new@example.com');
  const second = await mailTo(sink, 'new@example.com', 2);
  assert.equal((await fetch(linkIn(second, 'Confirm'), { method: 'POST' })).status, 200, 'the newest link works');
  const subscribed = await subscribe(server, 'new@example.com');
  for (const r of [pending, subscribed]) {
    assert.equal(r.status, fresh.status);
    assert.equal(r.text, fresh.text);
  }
  const form = (email: string) => fetch(`${server.baseUrl}/status/acme/subscribe`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email }).toString(),
  });
  const [known, unknown] = [await form('new@example.com'), await form('other@example.com')];
  assert.equal(known.status, 202);
  assert.equal(await known.text(), await unknown.text(), 'the HTML answer too');
  // Requests are taken in order: once the last one's mail is out, the ones for the subscribed address are done.
  await mailTo(sink, 'other@example.com');
  await server.klaxon.subscribers.settled();
  assert.equal(mailsTo(sink, 'new@example.com').length, 2, 'a subscribed address gets no new confirmation mail');

  const bad = await subscribe(server, 'not an address');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
  assert.equal((await fetchJson(server.baseUrl, '/status/nope/subscribe', { body: { email: 'a@example.com' } })).status, 404);

  // Ten requests an hour per client: the eleventh waits.
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push(await subscribe(server, `flood${i}@example.com`));
  const refused = answers.find((a) => a.status === 429);
  assert.ok(refused, answers.map((a) => a.status).join(','));
  assert.equal(refused.body.error.code, 'RATE_LIMITED');
  assert.ok(Number(refused.headers.get('retry-after')) > 0);
});
