// Text from monitors and teammates as the window, notifications, tray and CLI show it: bidi controls and control
// characters become visible `<U+XXXX>`, so one title cannot pass for another; ordinary text of any script is untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayText, displayJson } from '../../src-shared/domain/display-text.ts';

test('a right-to-left override cannot make a title read as another one', () => {
  // Shown raw, this reads "invoice exe.pdf" in a left-to-right line.
  const spoof = 'invoice \u202Efdp.exe';
  assert.equal(displayText(spoof), 'invoice <U+202E>fdp.exe');
  assert.notEqual(displayText(spoof), displayText('invoice exe.pdf'));
});

test('every bidi control is shown: embeddings, overrides, isolates, marks', () => {
  const bidi = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
  for (const c of bidi) {
    const shown = displayText(`a${c}b`);
    assert.equal(shown, `a<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>b`);
  }
});

test('C0 and C1 controls and DEL are shown; one-line text shows its line breaks too', () => {
  assert.equal(displayText('disk full\rPAID'), 'disk full<U+000D>PAID');
  assert.equal(displayText('a\u001B[2Jb'), 'a<U+001B>[2Jb');
  assert.equal(displayText('a\u0000b\u007Fc\u0085d\u009Be'), 'a<U+0000>b<U+007F>c<U+0085>d<U+009B>e');
  assert.equal(displayText('title\nService: Billing'), 'title<U+000A>Service: Billing');
  assert.equal(displayText('a\tb'), 'a<U+0009>b');
  assert.equal(displayText('a\u2028b\u2029c'), 'a<U+2028>b<U+2029>c');
});

test('multi-line text keeps its line feeds and tabs; a CRLF is one line feed, a lone CR is shown', () => {
  assert.equal(displayText('line 1\r\nline 2\n\tindented', { multiline: true }), 'line 1\nline 2\n\tindented');
  assert.equal(displayText('over\rwrite \u202Eevil', { multiline: true }), 'over<U+000D>write <U+202E>evil');
});

test('ordinary text of any script, emoji and joiners are shown as they are', () => {
  for (const s of ['CPU usage above 90%', 'שרת מסד הנתונים נפל', 'قاعدة البيانات', '数据库 超时', '👩‍💻 on call', 'naïve café', '']) {
    assert.equal(displayText(s), s);
    assert.equal(displayText(s, { multiline: true }), s);
  }
});

test('JSON for a terminal escapes what JSON.stringify leaves raw, and still parses to the same value', () => {
  const value = { name: 'Billing \u202Eyeknom', note: 'a\u0085b\u2028c\u007F', plain: 'שלום' };
  const json = displayJson(value);
  assert.doesNotMatch(json, /[\u202E\u0085\u2028\u007F]/);
  assert.ok(json.includes('\\u202e'));
  assert.ok(json.includes('שלום'));
  assert.deepEqual(JSON.parse(json), value);
});
