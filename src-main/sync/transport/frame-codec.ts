// Frames on a sync connection: a 4-byte big-endian length N (1 ≤ N ≤ maxFrameBytes), then N bytes of UTF-8 JSON
// whose top level is an object with a string `t`. The decoder takes chunks split anywhere and yields whole
// messages; whatever the bytes, it yields only such objects or reports a typed FrameError, and never recurses:
// nesting depth is counted on the raw text before JSON.parse sees it.

export const DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;
export const MAX_JSON_DEPTH = 64;
const HEADER_BYTES = 4;

export type FrameErrorCode = 'too_large' | 'empty' | 'bad_utf8' | 'bad_json' | 'too_deep' | 'not_object';

export class FrameError extends Error {
  readonly code: FrameErrorCode;
  constructor(code: FrameErrorCode, message: string) {
    super(message);
    this.name = 'FrameError';
    this.code = code;
  }
}

/** A decoded frame: a JSON object with a string `t`; the schema (src-shared/schemas/sync.ts) says the rest. */
export type FrameObject = { t: string } & Record<string, unknown>;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** One message as a frame. Throws FrameError('too_large') past the limit, before anything is written. */
export function encodeFrame(message: { t: string }, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  if (body.length > maxFrameBytes) throw new FrameError('too_large', `frame of ${body.length} bytes exceeds the limit of ${maxFrameBytes}`);
  const frame = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, HEADER_BYTES);
  return frame;
}

/** What one push gave: the frames completed, then the error that stopped the stream, if one did. */
export interface DecodeResult { frames: FrameObject[]; error: FrameError | null }

/**
 * A streaming decoder for one connection. It never throws: a bad frame ends the result, after the good frames
 * before it in the same chunk. After an error the stream is out of step and every later push returns the same
 * error: the connection must be closed.
 */
export class FrameDecoder {
  private readonly maxFrameBytes: number;
  private chunks: Buffer[] = [];
  private held = 0;
  /** Body length of the frame being received, once its header is in. */
  private expected: number | null = null;
  private failure: FrameError | null = null;

  constructor(maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes of an incomplete frame held, its header included (0 between frames): what a slow-loris timer watches. */
  get buffered(): number {
    return this.held + (this.expected === null ? 0 : HEADER_BYTES);
  }

  /** Takes the next bytes of the stream (kept, not copied: do not reuse the chunk). */
  push(chunk: Uint8Array): DecodeResult {
    const frames: FrameObject[] = [];
    if (this.failure) return { frames, error: this.failure };
    try {
      this.drain(chunk, frames);
      return { frames, error: null };
    } catch (err) {
      this.failure = err instanceof FrameError ? err : new FrameError('bad_json', String(err));
      this.chunks = [];
      this.held = 0;
      this.expected = null;
      return { frames, error: this.failure };
    }
  }

  private drain(chunk: Uint8Array, out: FrameObject[]): void {
    if (chunk.length > 0) {
      this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
      this.held += chunk.length;
    }
    for (;;) {
      if (this.expected === null) {
        if (this.held < HEADER_BYTES) return;
        const length = this.take(HEADER_BYTES).readUInt32BE(0);
        // Refused as soon as the header says so, before a byte of the body is held.
        if (length === 0) throw new FrameError('empty', 'zero-length frame');
        if (length > this.maxFrameBytes) throw new FrameError('too_large', `frame of ${length} bytes exceeds the limit of ${this.maxFrameBytes}`);
        this.expected = length;
      }
      if (this.held < this.expected) return;
      const body = this.take(this.expected);
      this.expected = null;
      out.push(decodeBody(body));
    }
  }

  /** Removes the first n held bytes (n ≤ held), copying only when they span chunks. */
  private take(n: number): Buffer {
    this.held -= n;
    const first = this.chunks[0]!;
    if (first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const c = this.chunks[0]!;
      const used = Math.min(c.length, n - at);
      c.copy(out, at, 0, used);
      at += used;
      if (used === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(used);
    }
    return out;
  }
}

function decodeBody(body: Buffer): FrameObject {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new FrameError('bad_utf8', 'frame is not valid UTF-8');
  }
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) throw new FrameError('too_deep', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FrameError('bad_json', `frame is not JSON: ${err instanceof Error ? err.message.slice(0, 200) : 'parse error'}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FrameError('not_object', 'frame is not a JSON object');
  if (typeof (value as { t?: unknown }).t !== 'string') throw new FrameError('not_object', 'frame has no string field `t`');
  return value as FrameObject;
}

/**
 * The deepest nesting of `{` and `[` outside strings, counted in one loop and stopping early past the limit, so a
 * frame of a million `[` costs a scan, not a stack. Brackets need not balance here: JSON.parse judges syntax.
 */
function jsonDepth(text: string): number {
  let depth = 0, max = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) { max = depth; if (max > MAX_JSON_DEPTH) return max; }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return max;
}
