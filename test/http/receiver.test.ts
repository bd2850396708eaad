// The receiver's behaviour around the engine: transient trouble is a 503 with Retry-After (senders retry, nothing is
// called invalid), close() lets in-flight requests finish, and the fake-clock test hook exists only in test mode.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson, pollUntil, type TestServer } from '../support/server.ts';
import { receiverWith as receiverWithEngine } from '../support/receiver-with.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import type { Engine } from '../../src-main/engine/types.ts';

/** A second receiver in front of the test server's real engine, with `ingestEvent` replaced. */
const receiverWith = (server: TestServer, ingestEvent: Engine['ingestEvent']) => receiverWithEngine(server, { ingestEvent });

describe('receiver', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  const event = (dedupKey: string) => ({
    routing_key: server.routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary: dedupKey, source: 'test', severity: 'critical' },
  });

  it('an overloaded engine or a busy database → 503 with Retry-After on both event endpoints, never 400/500', async () => {
    const failures: (() => Error)[] = [
      () => new KlaxonError('UNAVAILABLE', 'Too many events queued; retry shortly'),
      () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
    ];
    for (const fail of failures) {
      const { receiver, baseUrl } = await receiverWith(server, async () => { throw fail(); });
      try {
        const enqueue = await fetchJson(baseUrl, '/v2/enqueue', { body: event('busy') });
        assert.equal(enqueue.status, 503, enqueue.text);
        assert.ok(Number(enqueue.headers.get('retry-after')) > 0, 'Retry-After tells the sender when');
        assert.equal(typeof enqueue.body.message, 'string');
        assert.ok(Array.isArray(enqueue.body.errors), 'PagerDuty\'s shape');
        const api = await fetchJson(baseUrl, '/api/events', { key: server.adminKey, body: event('busy') });
        assert.equal(api.status, 503, api.text);
        assert.ok(Number(api.headers.get('retry-after')) > 0);
        assert.equal(api.body.error.code, 'UNAVAILABLE');
      } finally {
        await receiver.close();
      }
    }
  });

  it('a rate-limited engine → 429 with Retry-After', async () => {
    const { receiver, baseUrl } = await receiverWith(server, async () => { throw new KlaxonError('RATE_LIMITED', 'Slow down'); });
    try {
      const res = await fetchJson(baseUrl, '/v2/enqueue', { body: event('throttled') });
      assert.equal(res.status, 429);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
    } finally {
      await receiver.close();
    }
  });

  it('an unexpected engine failure stored nothing: a 503 with Retry-After in the error shape (the sender retries), without leaking internals', async () => {
    const { receiver, baseUrl } = await receiverWith(server, async () => { throw new TypeError('secret internal detail'); });
    try {
      const res = await fetchJson(baseUrl, '/api/events', { key: server.adminKey, body: event('boom') });
      assert.equal(res.status, 503);
      assert.equal(res.body.error.code, 'UNAVAILABLE');
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      assert.doesNotMatch(res.text, /secret internal detail/);
    } finally {
      await receiver.close();
    }
  });

  it('close() lets an in-flight request finish with its 2xx, then stops listening', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let started = false;
    const real = server.klaxon.engine;
    const { receiver, baseUrl } = await receiverWith(server, async (cmd) => {
      started = true;
      await gate;
      return real.ingestEvent(cmd);
    });
    const inFlight = fetchJson(baseUrl, '/v2/enqueue', { body: event('in-flight-at-close') });
    await pollUntil(() => started, { message: 'request reached the engine' });
    let closed = false;
    const closing = receiver.close().then(() => { closed = true; });
    // Closing waits for the request.
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(closed, false, 'close() waits for the in-flight request');
    release();
    const releasedAt = Date.now();
    const res = await inFlight;
    assert.equal(res.status, 202, res.text);
    await closing;
    assert.equal(closed, true);
    assert.ok(Date.now() - releasedAt < 5_000, 'close() ends the finished keep-alive connection instead of waiting for the client');
    await assert.rejects(fetch(`${baseUrl}/healthz`), 'the port is closed after close()');
    const list = await fetchJson(server.baseUrl, '/api/incidents?q=in-flight-at-close', { key: server.adminKey });
    assert.equal(list.body.total, 1, 'the event answered 202 is stored');
  });
});

describe('test hooks (fake clock)', () => {
  let server: TestServer;
  before(async () => { server = await startServer({ testHooks: true }); });
  after(async () => { await server?.close(); });

  it('POST /__test/clock/advance moves time: a snoozed incident is triggered again when its snooze ends', async () => {
    const created = await fetchJson(server.baseUrl, '/api/incidents', { key: server.adminKey, body: { title: 'Snooze and wake', serviceId: server.serviceId } });
    const id = created.body.id as string;
    const snoozed = await fetchJson(server.baseUrl, `/api/incidents/${id}`, { method: 'PATCH', key: server.adminKey, body: { status: 'SNOOZED', snoozeMinutes: 15 } });
    assert.equal(snoozed.body.status, 'snoozed');
    const before = server.klaxon.engine.clock.now();

    const advance = await fetchJson(server.baseUrl, '/__test/clock/advance', { body: { ms: 16 * 60_000 } });
    assert.equal(advance.status, 200, advance.text);
    assert.equal(Date.parse(advance.body.now), before + 16 * 60_000);
    assert.equal((await fetchJson(server.baseUrl, `/api/incidents/${id}`, { key: server.adminKey })).body.status, 'triggered');

    const bad = await fetchJson(server.baseUrl, '/__test/clock/advance', { body: { ms: -5 } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'ms');
  });

  it('the test hook is not in the OpenAPI document', async () => {
    const doc = (await fetchJson(server.baseUrl, '/api/openapi.json')).body;
    assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/__test')));
  });
});
