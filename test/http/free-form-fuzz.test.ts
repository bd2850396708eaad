// Fuzzing the doors that take free-form JSON, on a real receiver: random shapes (deep arrays and objects up to 6,000
// levels, long strings, many keys, unicode with lone surrogates, numbers at and past the edges of a double,
// prototype-polluting keys) placed anywhere in a body for /api/events, /v2/enqueue and POST /api/incidents. Whatever
// comes in: never a 5xx, and after every accepted input the list and that incident's own page answer 200.
// Bounded in time; the seed is printed (set FUZZ_SEED to replay a run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startServer, fetchJson, type TestServer } from '../support/server.ts';

const edgeNumber = fc.constantFrom('0', '-0', '1e400', '-1e400', '1e-400', '9007199254740993', '123456789012345678901234567890',
  '1.7976931348623157e308', '5e-324', '-1.5E+10', '0.1e1');
const deepText = fc.record({ levels: fc.integer({ min: 1, max: 6000 }), kind: fc.constantFrom('array', 'object', 'mixed'), leaf: edgeNumber })
  .map(({ levels, kind, leaf }) => {
    let open = '', close = '';
    for (let i = 0; i < levels; i++) {
      const array = kind === 'array' || (kind === 'mixed' && i % 2 === 0);
      open += array ? '[' : '{"k":';
      close = (array ? ']' : '}') + close;
    }
    return open + leaf + close;
  });
const longString = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 100_000 }), weight: 4 },
  { arbitrary: fc.constantFrom(300_000, 700_000), weight: 1 },
).map((n) => JSON.stringify('é'.repeat(n)));
const manyKeys = fc.integer({ min: 0, max: 40_000 }).map((n) => `{${Array.from({ length: n }, (_, i) => `"key${i}":${i}`).join(',')}}`);
const unicode = fc.string({ unit: 'binary', maxLength: 300 }).map((s) => JSON.stringify(s));
const sneakyKeys = fc.constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"x":1}}}', '{"":null,"\\u0000":"\\ud800"}');
const shape = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)), weight: 4 },
  { arbitrary: deepText, weight: 3 },
  { arbitrary: longString, weight: 2 },
  { arbitrary: manyKeys, weight: 1 },
  { arbitrary: unicode, weight: 2 },
  { arbitrary: edgeNumber, weight: 1 },
  { arbitrary: sneakyKeys, weight: 1 },
);

type Door = 'events' | 'enqueue' | 'incidents';
const EVENT_PLACES = ['custom_details', 'link field', 'images', 'summary', 'dedup_key', 'payload field', 'top-level field', 'whole body'] as const;
const INCIDENT_PLACES = ['title', 'description', 'unknown field', 'whole body'] as const;

function bodyFor(door: Door, place: string, s: string, routingKey: string, dedupKey: string): string {
  if (door === 'incidents') {
    if (place === 'title') return `{"title":${s}}`;
    if (place === 'description') return `{"title":"Fuzzed","description":${s}}`;
    if (place === 'unknown field') return `{"title":"Fuzzed","nope":${s}}`;
    return s;
  }
  if (place === 'whole body') return s;
  const payload = (summary: string, more = '') =>
    `{"summary":${summary},"source":"fuzz","severity":"critical"${more}}`;
  const event = (parts: { summary?: string; dedup?: string; payloadMore?: string; more?: string }) =>
    `{"routing_key":"${routingKey}","event_action":"trigger","dedup_key":${parts.dedup ?? JSON.stringify(dedupKey)},` +
    `"payload":${payload(parts.summary ?? '"Fuzzed"', parts.payloadMore)}${parts.more ?? ''}}`;
  switch (place) {
    case 'custom_details': return event({ payloadMore: `,"custom_details":${s}` });
    case 'link field': return event({ more: `,"links":[{"href":"https://example.com","x":${s}}]` });
    case 'images': return event({ more: `,"images":${s}` });
    case 'summary': return event({ summary: s });
    case 'dedup_key': return event({ dedup: s });
    case 'payload field': return event({ payloadMore: `,"more":${s}` });
    default: return event({ more: `,"anything":${s}` });
  }
}

const input = fc.oneof(
  fc.record({ door: fc.constantFrom<Door>('events', 'enqueue'), place: fc.constantFrom(...EVENT_PLACES), shape, dedupKey: fc.constantFrom('fuzz-a', 'fuzz-b', 'fuzz-c') }),
  fc.record({ door: fc.constant<Door>('incidents'), place: fc.constantFrom(...INCIDENT_PLACES), shape, dedupKey: fc.constant('') }),
);

test('fuzzed free-form JSON never gets a 5xx, and whatever is accepted can be read back', { timeout: 120_000 }, async (t) => {
  const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  t.diagnostic(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`);
  const server: TestServer = await startServer();
  t.after(() => server.close());
  const get = (path: string) => fetchJson(server.baseUrl, path, { key: server.adminKey });
  let runs = 0, accepted = 0;

  await fc.assert(fc.asyncProperty(input, async ({ door, place, shape: s, dedupKey }) => {
    runs++;
    const path = door === 'events' ? '/api/events' : door === 'enqueue' ? '/v2/enqueue' : '/api/incidents';
    const res = await fetchJson(server.baseUrl, path, { key: server.adminKey, body: bodyFor(door, place, s, server.routingKey, dedupKey) });
    const what = `${door} ${place} (${s.length} chars: ${s.slice(0, 80)})`;
    assert.ok(res.status < 500, `${what} → ${res.status} ${res.text.slice(0, 300)}`);
    assert.equal(typeof res.body, 'object', `${what}: the answer is JSON`);
    if (res.status >= 300) return;
    accepted++;
    const list = await get('/api/incidents?limit=200');
    assert.equal(list.status, 200, `after ${what}: list → ${list.status} ${list.text.slice(0, 300)}`);
    const id: string = door === 'events' ? res.body.incident_key : door === 'incidents' ? res.body.id
      : (list.body.incidents as { id: string; dedupKey: string }[]).find((i) => i.dedupKey === res.body.dedup_key)!.id;
    const one = await get(`/api/incidents/${id}`);
    assert.equal(one.status, 200, `after ${what}: incident → ${one.status} ${one.text.slice(0, 300)}`);
  }), { seed, numRuns: 400, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: false });

  t.diagnostic(`${runs} inputs, ${accepted} accepted`);
  assert.ok(runs >= 50, `only ${runs} inputs ran`);
  assert.ok(accepted >= 10, `only ${accepted} inputs were accepted: the fuzzer is not reaching the stores`);
  // And at the end, every page and every incident still reads.
  let cursor: string | null = null;
  do {
    const page = await get(`/api/incidents?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.status, 200);
    for (const i of page.body.incidents as { id: string }[]) assert.equal((await get(`/api/incidents/${i.id}`)).status, 200);
    cursor = page.body.nextCursor;
  } while (cursor);
});
