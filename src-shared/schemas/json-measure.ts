// Measuring JSON without recursion. JSON.parse is iterative, but JSON.stringify, zod and most code that walks a value
// recurse, and a value a few thousand levels deep overflows their stack. Everything here uses explicit stacks, so it
// can look at any value or text, however deep, and say whether the recursive code may touch it.

/**
 * Nesting depth of a JSON value: a scalar is 0, `{}` and `[]` are 1. Stops looking past `limit` and returns
 * `limit + 1` then, so its cost stays bounded (and it terminates even on a cyclic value).
 */
export function nestingDepth(value: unknown, limit: number): number {
  if (value === null || typeof value !== 'object') return 0;
  let max = 0;
  // Two parallel stacks rather than one of pairs: this runs on every stored value read back, so it must not allocate.
  const nodes: object[] = [value];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return limit + 1;
    if (depth > max) max = depth;
    if (Array.isArray(node)) {
      for (const child of node) if (child !== null && typeof child === 'object') { nodes.push(child as object); depths.push(depth + 1); }
    } else {
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') { nodes.push(child); depths.push(depth + 1); }
      }
    }
  }
  return max;
}

/**
 * Reads JSON text without parsing it and tells whether it nests deeper than `limit`: null if not, otherwise the
 * path (keys and indices) down to the container that went too deep, of which only the first `namedSegments` are
 * decoded (enough to name the field a client wrote, e.g. `payload.custom_details`). Malformed text is not judged
 * here; the parser that runs next refuses it.
 */
export function textTooDeep(text: string, limit: number, namedSegments = 2): string[] | null {
  // One frame per open container: where an object's current key is in the text (decoded only if it is to be
  // named), or an array's index.
  const frames: { array: boolean; keyStart: number; keyEnd: number; index: number; expectKey: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      const top = frames[frames.length - 1];
      if (top && !top.array && top.expectKey) { top.expectKey = false; top.keyStart = i; top.keyEnd = end + 1; }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (frames.length + 1 > limit) {
        return frames.slice(0, namedSegments).map((f) => (f.array ? String(f.index) : decodeKey(text.slice(f.keyStart, f.keyEnd))));
      }
      frames.push({ array: c === 0x5b, keyStart: 0, keyEnd: 0, index: 0, expectKey: c === 0x7b });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      frames.pop();
    } else if (c === 0x2c /* , */) {
      const top = frames[frames.length - 1];
      if (top?.array) top.index++;
      else if (top) top.expectKey = true;
    }
  }
  return null;
}

/** Index of the quote that closes the string opening at `start` (or the text's end if it never closes). */
function stringEnd(text: string, start: number): number {
  let i = start;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === 0x5c /* \ */) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
}

function decodeKey(quoted: string): string {
  try {
    const key: unknown = JSON.parse(quoted);
    return typeof key === 'string' ? key : quoted;
  } catch {
    return quoted;
  }
}

/**
 * JSON.stringify without recursion, for values too deep for it. Gives the same text as JSON.stringify for JSON data
 * (what JSON.parse returns): keys in the same order, numbers and strings spelled the same way.
 */
export function stringifyDeep(value: unknown): string {
  const out: string[] = [];
  const stack: { entries: [string | null, unknown][]; next: number; close: string }[] = [];
  const write = (v: unknown) => {
    if (v === null || typeof v !== 'object') { out.push(scalar(v)); return; }
    if (Array.isArray(v)) {
      out.push('[');
      stack.push({ entries: v.map((x: unknown) => [null, x]), next: 0, close: ']' });
    } else {
      out.push('{');
      const entries = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== 'function');
      stack.push({ entries, next: 0, close: '}' });
    }
  };
  write(value);
  while (stack.length > 0) {
    const top = stack.at(-1)!;
    if (top.next === top.entries.length) {
      out.push(top.close);
      stack.pop();
      continue;
    }
    const [key, v] = top.entries[top.next]!;
    if (top.next++ > 0) out.push(',');
    if (key !== null) out.push(JSON.stringify(key), ':');
    write(v);
  }
  return out.join('');
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  return 'null';
}

/** UTF-8 length of a string, counted without encoding it. A lone surrogate counts 3 (as the encoder replaces it). */
export function utf8Bytes(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { bytes += 4; i++; }
    else bytes += 3;
  }
  return bytes;
}
