// Text that anyone who holds a routing key or an API key can write (titles, sources, dedup keys, names, notes),
// made safe to show. Bidi overrides and isolates can make a title read as another one ("\u202Egnp.exe" shows as
// "exe.png"), and control characters can rewrite a terminal line or forge a second line in a notification. Each such
// character is shown as a visible `<U+202E>` instead, so two titles that look alike are alike. Only what is shown
// changes: the database keeps what was sent, as evidence.

/** Bidi controls (embeddings, overrides, isolates, marks), C0 and C1 controls, DEL, and the Unicode line breaks. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu;
/** The same, but line feeds and tabs stay (descriptions, notes, a notification's body). */
// eslint-disable-next-line no-control-regex -- as above
const UNSAFE_MULTILINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
const visible = (c: string) => `<${codePoint(c)}>`;

export interface DisplayTextOptions {
  /** Keep line feeds and tabs (a CRLF counts as one line feed). Default: one line, so they are shown too. */
  multiline?: boolean;
}

/** `text` with every bidi control and control character replaced by a visible `<U+XXXX>`. */
export function displayText(text: string, opts: DisplayTextOptions = {}): string {
  if (opts.multiline) return text.replaceAll('\r\n', '\n').replace(UNSAFE_MULTILINE, visible);
  return text.replace(UNSAFE, visible);
}

/**
 * JSON for a terminal: the same value as `JSON.stringify` gives, with the characters it leaves raw (bidi controls,
 * C1 controls, DEL, U+2028/2029) written as `\uXXXX` escapes, so a name cannot reorder the line it is printed on.
 */
export function displayJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(UNSAFE, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
