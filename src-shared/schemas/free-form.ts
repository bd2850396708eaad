// The rules for free-form JSON, in one place: how deep a value may nest (refused at the door and in a peer's op), how
// much of it one event stores (truncated to a visible marker beyond that, never refused), and how a stored value is
// read back for display. The numbers are in limits.ts.
import type { z } from 'zod';
import { JSON_LIMITS } from './limits.ts';
import { nestingDepth, stringifyDeep, utf8Bytes } from './json-measure.ts';
import type { JsonObject } from './common.ts';

export const TOO_DEEP = `nested deeper than ${JSON_LIMITS.depth} levels`;
export const TOO_LARGE = `larger than ${JSON_LIMITS.storedBytes / 1024} KiB`;

const tooDeep = (v: unknown) => nestingDepth(v, JSON_LIMITS.depth) > JSON_LIMITS.depth;

/** A free-form value at the door (custom_details, links, images): refused with the field named if it nests too deep. */
export const freeForm = <T extends z.ZodType>(schema: T): T =>
  schema.superRefine((v, ctx) => {
    if (tooDeep(v)) ctx.addIssue({ code: 'custom', message: `${TOO_DEEP}; send flatter JSON` });
  });

/** What stands in for a free-form value that was too large or too deep to keep: its size and the start of its text. */
export interface TruncationMarker {
  _truncated: true;
  reason: string;
  /** UTF-8 bytes of the original value's JSON text. */
  originalBytes: number;
  /** The first JSON_LIMITS.previewChars characters of that text. */
  preview: string;
}

export function isTruncationMarker(v: unknown): v is TruncationMarker {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const m = v as Record<string, unknown>;
  return m._truncated === true && typeof m.reason === 'string' && typeof m.originalBytes === 'number' && typeof m.preview === 'string';
}

/** A marker for a value whose JSON text is `text` (the text is all it needs: a row that is not even JSON gets one too). */
export function truncationMarker(text: string, reason: string): TruncationMarker {
  let preview = text.slice(0, JSON_LIMITS.previewChars);
  // Never end on half a surrogate pair: the preview must stay valid text.
  if (/[\uD800-\uDBFF]$/.test(preview)) preview = preview.slice(0, -1);
  return { _truncated: true, reason, originalBytes: utf8Bytes(text), preview };
}

/** The free-form part of an event: the op fields `customDetails` and `extra` (whose fields are free-form each). */
export interface FreeFormFields {
  customDetails: unknown;
  extra: JsonObject | null;
}

const isPlainObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A value's JSON text; the value must be within the depth limit (JSON.stringify recurses). */
const textOf = (v: unknown): string => (v === null || v === undefined ? '' : JSON.stringify(v));
// Every UTF-16 unit is at most 3 UTF-8 bytes: most events are judged from their length alone, without counting.
const tooLarge = (a: string, b: string): boolean =>
  (a.length + b.length) * 3 > JSON_LIMITS.storedBytes && utf8Bytes(a) + utf8Bytes(b) > JSON_LIMITS.storedBytes;

/**
 * What one event stores of its free-form JSON. A value nesting too deep (only old rows and ops can hold one: the door
 * refuses them) is replaced by a marker; then, if customDetails and extra together are larger than
 * JSON_LIMITS.storedBytes, the larger of them is, and if that is not enough, the other too. Returns `f` itself
 * when nothing had to change. Whatever it returns passes `freeFormIssues`.
 */
export function capFreeForm(f: FreeFormFields): FreeFormFields {
  let { customDetails, extra } = f;
  if (tooDeep(customDetails)) customDetails = truncationMarker(stringifyDeep(customDetails), TOO_DEEP);
  if (extra !== null && !isPlainObject(extra)) extra = truncationMarker(stringifyDeep(extra), 'not a JSON object') as unknown as JsonObject;
  if (extra !== null && Object.values(extra).some(tooDeep)) {
    extra = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, tooDeep(v) ? truncationMarker(stringifyDeep(v), TOO_DEEP) : v]));
  }
  let cd = textOf(customDetails);
  let ex = textOf(extra);
  if (tooLarge(cd, ex)) {
    const extraFirst = utf8Bytes(ex) > utf8Bytes(cd);
    for (const which of extraFirst ? ['extra', 'customDetails'] : ['customDetails', 'extra']) {
      if (!tooLarge(cd, ex)) break;
      if (which === 'extra') { extra = truncationMarker(ex, TOO_LARGE) as unknown as JsonObject; ex = textOf(extra); }
      else { customDetails = truncationMarker(cd, TOO_LARGE); cd = textOf(customDetails); }
    }
  }
  return customDetails === f.customDetails && extra === f.extra ? f : { customDetails, extra };
}

/** Why stored free-form JSON breaks the rules (for a peer's op, which is kept aside then), or nothing. */
export function freeFormIssues(f: { customDetails?: unknown; extra?: unknown }): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  const { customDetails = null, extra = null } = f;
  if (tooDeep(customDetails)) issues.push({ path: ['customDetails'], message: TOO_DEEP });
  if (extra !== null) {
    if (!isPlainObject(extra)) issues.push({ path: ['extra'], message: 'not a JSON object' });
    else for (const [k, v] of Object.entries(extra)) if (tooDeep(v)) issues.push({ path: ['extra', k], message: TOO_DEEP });
  }
  if (issues.length === 0 && tooLarge(textOf(customDetails), textOf(extra))) {
    issues.push({ path: [], message: `customDetails and extra together ${TOO_LARGE}` });
  }
  return issues;
}

/** Says on a timeline entry that an event's free-form JSON was truncated: '' when it was not. */
export function truncationNote(f: { customDetails?: unknown; extra?: unknown }): { note: string; truncated: string[] } {
  const parts: string[] = [];
  const truncated: string[] = [];
  if (isTruncationMarker(f.customDetails)) {
    truncated.push('customDetails');
    parts.push(`custom details ${f.customDetails.reason} (${f.customDetails.originalBytes} bytes)`);
  }
  const extra = f.extra;
  if (isTruncationMarker(extra)) {
    truncated.push('extra');
    parts.push(`event fields ${extra.reason} (${extra.originalBytes} bytes)`);
  } else if (isPlainObject(extra)) {
    for (const [k, v] of Object.entries(extra)) {
      if (isTruncationMarker(v)) { truncated.push(`extra.${k}`); parts.push(`${k} ${v.reason} (${v.originalBytes} bytes)`); }
    }
  }
  return { note: parts.length > 0 ? ` — truncated, kept a preview: ${parts.join('; ')}` : '', truncated };
}

/**
 * A stored free-form value read back for display: parsed, and shallow enough to be serialised again. Otherwise why
 * it cannot be shown (the caller shows that instead, so one bad row never fails a whole listing).
 */
export function readStoredJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `not valid JSON: ${(e as Error).message}` };
  }
  if (nestingDepth(value, JSON_LIMITS.documentDepth) > JSON_LIMITS.documentDepth) {
    return { ok: false, reason: `nested deeper than ${JSON_LIMITS.documentDepth} levels` };
  }
  return { ok: true, value };
}
