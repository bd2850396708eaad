// Subscribers of a real status page (made over the API, served on the public status listener): the page's own form
// subscribes, the confirmation mail links to the status listener, and an update posted with seed 002's call reaches
// the subscriber saying what the page shows — its public title and message, nothing of notes or internal names. An
// incident withdrawn from the page, or of another service, tells the subscriber nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, pollUntil } from '../support/server.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

const mailsTo = (sink: SmtpSink, to: string) => sink.mails.filter((m) => m.to.some((a) => a.toLowerCase() === to));

test('the page\'s form subscribes; a published update reaches the subscriber as the page shows it', async (t) => {
  const sink = await startSmtpSink();
  const server = await startServer({ serviceName: 'Checkout internal', statusListen: { host: '127.0.0.1', port: 0 } });
  t.after(async () => { await server.close(); await sink.close(); });
  await server.klaxon.engine.updateSettings({
    smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'klaxon', password: 'mail-password', from: 'status@acme.test' },
  });
  const publicBase = `http://127.0.0.1:${server.klaxon.statusAddress!.port}`;
  const admin = (path: string, body?: unknown, method?: string) => fetchJson(server.baseUrl, path, { key: server.adminKey, ...(body === undefined ? {} : { body }), ...(method ? { method } : {}) });

  const page = (await admin('/api/status-pages', { name: 'Acme', slug: 'acme', serviceIds: [server.serviceId] })).body.statusPage as { id: string };

  // The public page carries the form; posting it (as a browser would, form-encoded) asks for a confirmation.
  const html = await (await fetch(`${publicBase}/status/acme`)).text();
  assert.match(html, /<form class="subscribe" method="post" action="\/status\/acme\/subscribe">/);
  const asked = await fetch(`${publicBase}/status/acme/subscribe`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=ana%40example.com',
  });
  assert.equal(asked.status, 202, await asked.text());
  const confirmation = await pollUntil(() => mailsTo(sink, 'ana@example.com')[0], { message: 'the confirmation mail' });
  const confirmLink = /Confirm: (\S+)/.exec(confirmation.text)![1]!;
  assert.ok(confirmLink.startsWith(`${publicBase}/status/acme/confirm/`), `the link names the public listener: ${confirmLink}`);
  assert.equal((await fetch(confirmLink, { method: 'POST' })).status, 200);

  // Seed 002's calls: an incident posted to the page, then an update; a private note in between.
  const opened = await admin(`/api/status-pages/${page.id}/incidents`, { title: 'Checkout is slow', status: 'investigating', impact: 'minor', message: 'We are looking into slow checkouts.' });
  assert.ok(opened.status < 300, opened.text);
  const incidentId = (opened.body.incident?.id ?? opened.body.id) as string;
  await admin(`/api/incidents/${incidentId}/notes`, { text: 'PRIVATE: db-7 is lagging' });
  const first = await pollUntil(() => mailsTo(sink, 'ana@example.com')[1], { message: 'the first notice' });
  assert.match(first.text, /We are looking into slow checkouts\./);
  assert.match(first.headers.get('subject') ?? '', /Checkout is slow/);
  assert.ok(first.headers.get('list-unsubscribe')?.includes(`${publicBase}/status/acme/unsubscribe/`), first.headers.get('list-unsubscribe'));

  await admin(`/api/incidents/${incidentId}/updates`, { status: 'identified', message: 'A database replica lags; failing over.' });
  const second = await pollUntil(() => mailsTo(sink, 'ana@example.com')[2], { message: 'the second notice' });
  assert.match(second.text, /A database replica lags; failing over\./);
  assert.match(second.text, /Identified/);
  for (const mail of [first, second]) {
    for (const secret of ['PRIVATE', 'db-7', incidentId, 'Checkout internal']) assert.ok(!mail.raw.includes(secret), `"${secret}" in a notice`);
  }

  // Withdrawn from the page: its next update tells the subscriber nothing.
  assert.equal((await admin(`/api/status-pages/${page.id}/incidents/${incidentId}`, undefined, 'DELETE')).status, 200);
  await admin(`/api/incidents/${incidentId}/updates`, { status: 'monitoring', message: 'Watching it.' });
  // A witness sent after it: an update of a second incident on the page.
  const other = await admin(`/api/status-pages/${page.id}/incidents`, { title: 'Login errors', status: 'investigating', impact: 'major', message: 'Some logins fail.' });
  assert.ok(other.status < 300, other.text);
  const witness = await pollUntil(() => mailsTo(sink, 'ana@example.com')[3], { message: 'the witness notice' });
  assert.match(witness.text, /Some logins fail\./);
  assert.ok(!mailsTo(sink, 'ana@example.com').some((m) => m.text.includes('Watching it.')), 'a withdrawn incident is not told');
});

test('a page that publishes its service whole tells subscribers of an alert\'s incident opening and of a person resolving it', async (t) => {
  const sink = await startSmtpSink();
  const server = await startServer({ serviceName: 'Payments backend' });
  t.after(async () => { await server.close(); await sink.close(); });
  await server.klaxon.engine.updateSettings({
    smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'klaxon', password: 'mail-password', from: 'status@acme.test' },
  });
  const admin = (path: string, body?: unknown) => fetchJson(server.baseUrl, path, { key: server.adminKey, ...(body === undefined ? {} : { body }) });
  const made = await admin('/api/status-pages', { name: 'Payments', slug: 'payments', groups: [{ name: null, components: [{ type: 'service', id: server.serviceId, name: 'Payments', publishIncidents: true }] }] });
  assert.equal(made.status, 201, made.text);
  assert.equal((await fetchJson(server.baseUrl, '/status/payments/subscribe', { body: { email: 'bo@example.com' } })).status, 202);
  const confirmation = await pollUntil(() => mailsTo(sink, 'bo@example.com')[0], { message: 'the confirmation mail' });
  assert.equal((await fetch(/Confirm: (\S+)/.exec(confirmation.text)![1]!, { method: 'POST' })).status, 200);

  // An alert opens an incident (no status-page message yet): the page shows it, and so does the subscriber's mail.
  const sent = await fetch(new URL('/v2/enqueue', server.baseUrl), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'pay-1', payload: { summary: 'db-7 p99 > 2s', source: 'db-7.internal', severity: 'critical' } }),
  });
  assert.equal(sent.status, 202);
  const opened = await pollUntil(() => mailsTo(sink, 'bo@example.com')[1], { message: 'the opening notice' });
  assert.match(opened.text, /Investigating/);
  for (const secret of ['db-7', 'p99', 'Payments backend']) assert.ok(!opened.raw.includes(secret), `"${secret}" in the opening notice`);

  // A person resolves it without a status-page message: the page shows it resolved, and the subscriber hears so.
  const [incident] = (await admin('/api/incidents?limit=5')).body.incidents as { id: string }[];
  assert.ok((await fetchJson(server.baseUrl, `/api/incidents/${incident!.id}`, { key: server.adminKey, method: 'PATCH', body: { status: 'RESOLVED' } })).status < 300);
  const resolved = await pollUntil(() => mailsTo(sink, 'bo@example.com')[2], { message: 'the resolved notice' });
  assert.match(resolved.text, /Resolved/);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(mailsTo(sink, 'bo@example.com').length, 3, 'one notice each: no doubles');
});

test('a page\'s public URL (replicated with it) is where every link in its mail points', async (t) => {
  const sink = await startSmtpSink();
  const server = await startServer({ serviceName: 'Shop' });
  t.after(async () => { await server.close(); await sink.close(); });
  await server.klaxon.engine.updateSettings({
    smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'klaxon', password: 'mail-password', from: 'status@acme.test' },
  });
  const admin = (path: string, body?: unknown, method?: string) => fetchJson(server.baseUrl, path, { key: server.adminKey, ...(body === undefined ? {} : { body }), ...(method ? { method } : {}) });
  const bad = await admin('/api/status-pages', { name: 'Shop', slug: 'shop', serviceIds: [server.serviceId], publicUrl: 'ftp://status.acme.test' });
  assert.equal(bad.status, 400, 'only an http(s) address');
  const made = await admin('/api/status-pages', { name: 'Shop', slug: 'shop', serviceIds: [server.serviceId], publicUrl: 'https://status.acme.test/shop/' });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.statusPage.publicUrl, 'https://status.acme.test/shop', 'the trailing slash dropped');
  assert.equal((await fetchJson(server.baseUrl, '/status/shop/subscribe', { body: { email: 'cy@example.com' } })).status, 202);
  const confirmation = await pollUntil(() => mailsTo(sink, 'cy@example.com')[0], { message: 'the confirmation mail' });
  const link = /Confirm: (\S+)/.exec(confirmation.text)![1]!;
  assert.ok(link.startsWith('https://status.acme.test/shop/confirm/'), link);
  // The same path works here (behind the proxy that the public URL names).
  assert.equal((await fetch(link.replace('https://status.acme.test/shop', `${server.baseUrl}/status/shop`), { method: 'POST' })).status, 200);

  const changed = await admin(`/api/status-pages/${made.body.statusPage.id}`, { publicUrl: null }, 'PATCH');
  assert.equal(changed.body.statusPage.publicUrl, null);
  assert.equal((await fetchJson(server.baseUrl, '/status/shop/subscribe', { body: { email: 'di@example.com' } })).status, 202);
  const second = await pollUntil(() => mailsTo(sink, 'di@example.com')[0], { message: 'the second confirmation mail' });
  assert.ok(/Confirm: (\S+)/.exec(second.text)![1]!.startsWith(`${server.baseUrl}/status/shop/confirm/`), 'none set: this device\'s own address');
});
