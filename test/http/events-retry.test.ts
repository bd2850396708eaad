// Seed 003's own endpoint answers trouble as the PagerDuty-compatible ones do: a sender can always tell "retry" from
// "refused". An unexpected failure stored nothing, so it is a 503 with Retry-After in the seed's error shape, never a
// 500 (which many senders treat as final) and never with the failure's internals in the answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, fetchJson } from '../support/server.ts';
import { receiverWith } from '../support/receiver-with.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';

test('POST /api/events answers an unexpected failure with 503 + Retry-After, and a refusal still with its 4xx', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const { key } = await server.createKey(['events:write'], 'sender');
  const event = { routing_key: server.routingKey, event_action: 'trigger', dedup_key: 'retry', payload: { summary: 'Disk full', source: 'db-1', severity: 'critical' } };
  const failures: [string, () => Error, number][] = [
    ['a bug', () => new TypeError('secret internal detail'), 503],
    ['a locked database', () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), 503],
    ['a busy engine', () => new KlaxonError('UNAVAILABLE', 'Too many events queued; retry shortly'), 503],
    ['a refused event', () => new KlaxonError('VALIDATION_FAILED', 'payload.summary: required', 'payload.summary'), 400],
  ];
  for (const [name, fail, status] of failures) {
    const { receiver, baseUrl } = await receiverWith(server, { ingestEvent: async () => { throw fail(); } });
    try {
      const r = await fetchJson(baseUrl, '/api/events', { key, body: event });
      assert.equal(r.status, status, `${name}: ${r.text}`);
      assert.equal(typeof r.body.error?.message, 'string', `${name}: the seed's error shape`);
      assert.doesNotMatch(r.text, /secret internal detail/, name);
      if (status === 503) assert.ok(Number(r.headers.get('retry-after')) > 0, `${name}: Retry-After`);
    } finally {
      await receiver.close();
    }
  }
  // The same host still takes the event when nothing fails.
  assert.equal((await fetchJson(server.baseUrl, '/api/events', { key, body: event })).status, 202);
});
