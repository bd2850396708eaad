// The frame decoder is the first code a hostile peer's bytes reach. Whatever the bytes and however they are
// split, it must yield only JSON objects with a string `t`, or report its own typed error; never an exception,
// never a stack overflow; and a stream of valid frames must come out exactly as it went in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrameDecoder, FrameError, encodeFrame, MAX_JSON_DEPTH, DEFAULT_MAX_FRAME_BYTES } from '../../src-main/sync/transport/frame-codec.ts';

const header = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b; };
const frameOf = (text: string) => Buffer.concat([header(Buffer.byteLength(text)), Buffer.from(text)]);

/** Splits bytes at the given cut points (any order, any duplicates). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) { parts.push(bytes.subarray(at, p)); at = p; }
  return parts;
}

/** Feeds every chunk; returns what came out and the error that stopped it. The decoder must never throw. */
function decodeAll(chunks: Uint8Array[], maxFrameBytes?: number): { out: unknown[]; error: FrameError | null } {
  const decoder = new FrameDecoder(maxFrameBytes);
  const out: unknown[] = [];
  for (const chunk of chunks) {
    const { frames, error } = decoder.push(chunk);
    out.push(...frames);
    if (error) {
      assert.ok(error instanceof FrameError);
      return { out, error };
    }
  }
  return { out, error: null };
}

const isMessage = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { t?: unknown }).t === 'string';

const message = fc.record({ t: fc.string({ maxLength: 12 }), body: fc.jsonValue({ maxDepth: 6 }) }, { requiredKeys: ['t'] })
  .map((m) => JSON.parse(JSON.stringify(m)) as { t: string });

describe('frame decoder', () => {
  it('round-trips any sequence of valid frames, split at any points', () => {
    fc.assert(fc.property(fc.array(message, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (messages, cuts) => {
      const stream = Buffer.concat(messages.map((m) => encodeFrame(m)));
      const { out, error } = decodeAll(split(stream, cuts));
      assert.equal(error, null);
      assert.deepEqual(out, messages);
    }), { numRuns: 300 });
  });

  it('random byte soup: no exception, only objects with a string t, or a typed error', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(), { maxLength: 10 }), (soup, cuts) => {
      const { out } = decodeAll(split(Buffer.from(soup), cuts), 1024);
      for (const v of out) assert.ok(isMessage(v));
    }), { numRuns: 500 });
  });

  it('byte soup behind small valid headers: bodies of random bytes decode or fail typed', () => {
    const framedSoup = fc.array(fc.uint8Array({ minLength: 1, maxLength: 80 }), { maxLength: 6 })
      .map((bodies) => Buffer.concat(bodies.flatMap((b) => [header(b.length), Buffer.from(b)])));
    fc.assert(fc.property(framedSoup, fc.array(fc.nat(), { maxLength: 10 }), (stream, cuts) => {
      const { out } = decodeAll(split(stream, cuts));
      for (const v of out) assert.ok(isMessage(v));
    }), { numRuns: 500 });
  });

  it('valid streams with a corrupted length byte: the frames before it intact, then only typed errors', () => {
    fc.assert(fc.property(fc.array(message, { minLength: 1, maxLength: 6 }), fc.nat(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.array(fc.nat(), { maxLength: 10 }),
      (messages, which, byte, value, cuts) => {
        const frames = messages.map((m) => encodeFrame(m));
        const k = which % frames.length;
        const corrupted = Buffer.from(frames[k]!);
        corrupted[byte] = value;
        const stream = Buffer.concat([...frames.slice(0, k), corrupted, ...frames.slice(k + 1)]);
        const { out } = decodeAll(split(stream, cuts), 64 * 1024);
        for (const v of out) assert.ok(isMessage(v));
        assert.ok(out.length >= k);
        assert.deepEqual(out.slice(0, k), messages.slice(0, k));
      }), { numRuns: 500 });
  });

  it('deep nesting is refused by a scan, before JSON.parse: 500,000 brackets cost no stack', () => {
    for (const open of ['[', '{"a":']) {
      const { error } = decodeAll([frameOf(`{"t":"x","d":${open.repeat(500_000)}`)]);
      assert.equal(error?.code, 'too_deep');
    }
    const nest = (n: number) => `{"t":"x","d":${'['.repeat(n - 1)}${']'.repeat(n - 1)}}`;
    assert.deepEqual(decodeAll([frameOf(nest(MAX_JSON_DEPTH))]).error, null);
    assert.equal(decodeAll([frameOf(nest(MAX_JSON_DEPTH + 1))]).error?.code, 'too_deep');
    // Brackets inside strings, escaped quotes included, are text, not nesting.
    const inString = `{"t":"x","s":"${'[{'.repeat(200)}\\"${'['.repeat(200)}"}`;
    assert.deepEqual(decodeAll([frameOf(inString)]).out, [JSON.parse(inString)]);
  });

  it('each kind of bad frame has its own typed error', () => {
    const cases: [Buffer, string][] = [
      [header(0), 'empty'],
      [header(DEFAULT_MAX_FRAME_BYTES + 1), 'too_large'],
      [header(0xffffffff), 'too_large'],
      [Buffer.concat([header(2), Buffer.from([0xc3, 0x28])]), 'bad_utf8'],
      [frameOf('{"t":'), 'bad_json'],
      [frameOf('{"t":"a"}{"t":"b"}'), 'bad_json'],
      [frameOf('\ufeff{"t":"a"}'), 'bad_json'],
      [frameOf('[1,2]'), 'not_object'],
      [frameOf('null'), 'not_object'],
      [frameOf('"hello"'), 'not_object'],
      [frameOf('{"type":"hello"}'), 'not_object'],
      [frameOf('{"t":5}'), 'not_object'],
    ];
    for (const [bytes, code] of cases) assert.equal(decodeAll([bytes]).error?.code, code, bytes.toString('hex').slice(0, 40));
  });

  it('refuses an oversize frame on its header, before holding its body', () => {
    const decoder = new FrameDecoder(1000);
    const first = decoder.push(Buffer.concat([frameOf('{"t":"ok"}'), header(1001)]));
    assert.deepEqual(first.frames, [{ t: 'ok' }]);
    assert.equal(first.error?.code, 'too_large');
    assert.equal(decoder.buffered, 0);
    // The stream is out of step after an error: every later push reports the same error.
    assert.deepEqual(decoder.push(frameOf('{"t":"ok"}')), { frames: [], error: first.error });
  });

  it('counts the bytes of an incomplete frame (what the slow-frame timer watches)', () => {
    const decoder = new FrameDecoder();
    const frame = frameOf('{"t":"ping"}');
    assert.deepEqual(decoder.push(frame.subarray(0, 2)).frames, []);
    assert.equal(decoder.buffered, 2);
    assert.deepEqual(decoder.push(frame.subarray(2, 9)).frames, []);
    assert.equal(decoder.buffered, 9);
    assert.deepEqual(decoder.push(frame.subarray(9)).frames, [{ t: 'ping' }]);
    assert.equal(decoder.buffered, 0);
  });

  it('the encoder refuses a message over the limit', () => {
    assert.throws(() => encodeFrame({ t: 'x', pad: 'a'.repeat(2000) } as { t: string }, 1000), (e: FrameError) => e.code === 'too_large');
    assert.equal(encodeFrame({ t: 'x' }, 1000).readUInt32BE(0), Buffer.byteLength('{"t":"x"}'));
  });
});
