// The free-form JSON rules as pure functions: measuring without recursion, truncating to a marker, and the promise
// the other layers rely on — whatever capFreeForm keeps passes the op schemas' check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nestingDepth, textTooDeep, stringifyDeep, utf8Bytes } from '../../src-shared/schemas/json-measure.ts';
import { capFreeForm, freeFormIssues, isTruncationMarker, readStoredJson, truncationNote } from '../../src-shared/schemas/free-form.ts';
import { JSON_LIMITS } from '../../src-shared/schemas/limits.ts';
import { ApiEvent } from '../../src-shared/schemas/events.ts';

const deepObjectText = (levels: number) => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);
const deepArray = (levels: number): unknown => { let v: unknown = []; for (let i = 1; i < levels; i++) v = [v]; return v; };

test('depth is measured without recursion, even 1,000,000 levels deep', () => {
  assert.equal(nestingDepth(1, 32), 0);
  assert.equal(nestingDepth({}, 32), 1);
  assert.equal(nestingDepth({ a: [1, { b: [] }] }, 32), 4);
  const deep = JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000)) as unknown;
  assert.equal(nestingDepth(deep, 32), 33, 'stops looking past the limit');
  assert.throws(() => JSON.stringify(deep), RangeError, 'what the limit protects against');
});

test('the raw-text scan names where a body goes too deep, and ignores brackets inside strings', () => {
  assert.equal(textTooDeep('{"a":[1,2,{"b":"[[[[[[[["}]}', 3), null);
  assert.deepEqual(textTooDeep(`{"routing_key":"k","payload":{"summary":"s","custom_details":${deepObjectText(4450)}}}`, 40), ['payload', 'custom_details']);
  assert.deepEqual(textTooDeep(`{"links":[{"href":"x"},${'['.repeat(100)}${']'.repeat(100)}]}`, 40), ['links', '1']);
  assert.deepEqual(textTooDeep('['.repeat(100_000) + ']'.repeat(100_000), 40), ['0', '0']);
  assert.deepEqual(textTooDeep(`{"we\\"ird\\u0041":${deepObjectText(50)}}`, 40), ['we"irdA', 'a']);
  assert.equal(textTooDeep(deepObjectText(40), 40), null, 'exactly at the limit is fine');
  assert.notEqual(textTooDeep(deepObjectText(41), 40), null);
});

test('stringifyDeep writes what JSON.stringify writes, and also what it cannot', () => {
  fc.assert(fc.property(fc.jsonValue(), (v) => { assert.equal(stringifyDeep(v), JSON.stringify(v)); }), { numRuns: 300 });
  assert.equal(stringifyDeep({ a: undefined, b: [undefined, NaN, -0], c: 'é\u2028"' }), JSON.stringify({ a: undefined, b: [undefined, NaN, -0], c: 'é\u2028"' }));
  const deep = deepArray(100_000);
  const text = stringifyDeep(deep);
  assert.equal(text, '['.repeat(100_000) + ']'.repeat(100_000));
});

test('utf8Bytes counts like an encoder', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => { assert.equal(utf8Bytes(s), Buffer.byteLength(s, 'utf8')); }), { numRuns: 300 });
  assert.equal(utf8Bytes('\ud800'), 3, 'a lone surrogate is replaced by U+FFFD');
});

test('the door refuses a free-form value one level too deep, naming the field', () => {
  const event = (customDetails: unknown, links?: unknown) => ApiEvent.safeParse({
    routing_key: 'k', event_action: 'trigger', dedup_key: 'd', payload: { summary: 's', source: 's', severity: 'info', custom_details: customDetails }, links,
  });
  assert.equal(event(deepArray(JSON_LIMITS.depth)).success, true);
  const refused = event(deepArray(JSON_LIMITS.depth + 1));
  assert.equal(refused.success, false);
  assert.deepEqual(refused.error!.issues.map((i) => i.path.join('.')), ['payload.custom_details']);
  assert.match(refused.error!.issues[0]!.message, /nested deeper than 32 levels/);
  const links = event(null, [{ href: 'x', more: deepArray(JSON_LIMITS.depth) }]);
  assert.deepEqual(links.error!.issues.map((i) => i.path.join('.')), ['links']);
});

// Free-form values of every kind: JSON of any shape, deep chains, long strings, many keys, big numbers.
const freeFormValue = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }),
  fc.integer({ min: 1, max: 200 }).map(deepArray),
  fc.integer({ min: 1, max: 200 }).map((n) => JSON.parse(deepObjectText(n)) as unknown),
  fc.integer({ min: 0, max: 100_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 0, max: 30_000 }).map((n) => 'é😀'.repeat(n)),
  fc.integer({ min: 0, max: 8000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, i * 1.5e300]))),
);
const extraValue = fc.option(fc.dictionary(fc.string({ maxLength: 10 }), freeFormValue, { maxKeys: 3 }), { nil: null });

test('whatever capFreeForm keeps is within every limit, and markers say what they stand for', () => {
  fc.assert(fc.property(freeFormValue, extraValue, (customDetails, extra) => {
    const kept = capFreeForm({ customDetails, extra });
    assert.deepEqual(freeFormIssues(kept), [], 'passes the op schemas');
    const cd = JSON.stringify(kept.customDetails ?? null);
    const ex = JSON.stringify(kept.extra ?? null);
    assert.ok(utf8Bytes(cd) + utf8Bytes(ex) <= JSON_LIMITS.storedBytes + 8);
    if (isTruncationMarker(kept.customDetails)) {
      const original = stringifyDeep(customDetails);
      assert.equal(kept.customDetails.originalBytes, utf8Bytes(original));
      assert.ok(original.startsWith(kept.customDetails.preview));
      assert.ok(kept.customDetails.preview.length <= JSON_LIMITS.previewChars);
      assert.match(truncationNote(kept).note, /custom details .* bytes/);
    } else {
      assert.equal(kept.customDetails, customDetails, 'a value within the limits is kept as it is');
    }
  }), { numRuns: 150 });
});

test('capFreeForm keeps an event within the limits untouched (the same object)', () => {
  const f = { customDetails: { firing: 'x'.repeat(1000), labels: { a: [1, 2, { b: 3 }] } }, extra: { links: [{ href: 'https://x' }] } };
  assert.equal(capFreeForm(f), f);
  assert.equal(truncationNote(f).note, '');
});

test('too large together: the larger value is truncated first, the smaller kept if that is enough', () => {
  const big = { log: 'x'.repeat(100_000) };
  const kept = capFreeForm({ customDetails: big, extra: { client: 'grafana' } });
  assert.ok(isTruncationMarker(kept.customDetails));
  assert.deepEqual(kept.extra, { client: 'grafana' });
  assert.equal(kept.customDetails.reason, 'larger than 64 KiB');
  assert.equal(kept.customDetails.originalBytes, JSON.stringify(big).length);
});

test('a stored value reads back unless it is not JSON or too deep to serialise', () => {
  assert.deepEqual(readStoredJson('{"a":1}'), { ok: true, value: { a: 1 } });
  assert.match((readStoredJson('{not json') as { reason: string }).reason, /not valid JSON/);
  assert.match((readStoredJson(deepObjectText(4450)) as { reason: string }).reason, /nested deeper than 40 levels/);
});
