// An independent reading of a zone's clock for the on-call golden tests: the runtime's Intl (ICU's tzdata), not the
// code under test nor temporal-polyfill. A golden literal like `2020-03-08T03:00:00-05:00` is checked to be what a
// Chicago clock showed at that instant, and the claims the handoff rule rests on (a gap was skipped, a time showed
// twice) are checked here too.
import assert from 'node:assert/strict';

const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** What the clock in `timeZone` read at `ms`: `2020-03-08T03:00:00-05:00`. */
export function intlReading(timeZone: string, ms: number): string {
  const p = Object.fromEntries(format(timeZone).formatToParts(ms).map((x) => [x.type, x.value]));
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName!.slice(3);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

/** `literal` (wall time and offset) is a real reading of `timeZone`'s clock. Returns its instant. */
export function assertReading(timeZone: string, literal: string): number {
  const ms = Date.parse(literal);
  assert.ok(!Number.isNaN(ms), literal);
  assert.equal(intlReading(timeZone, ms), literal, `${literal} is not what a ${timeZone} clock read then`);
  return ms;
}

/** The clock jumped forward at `literal` (the instant before it read an earlier wall time with another offset) past `skipped`. */
export function assertGapSkipped(timeZone: string, literal: string, skipped: string): void {
  const ms = assertReading(timeZone, literal);
  const before = intlReading(timeZone, ms - 1000);
  assert.notEqual(before.slice(19), literal.slice(19), `${timeZone} changed offset at ${literal}`);
  assert.ok(before.slice(11, 19) < skipped && skipped < literal.slice(11, 19), `${skipped} never showed: ${before} then ${literal}`);
}

/** `literal` shows again later with `laterOffset` (a fall-back overlap): `literal` is its first showing. */
export function assertShownTwice(timeZone: string, literal: string, laterOffset: string): void {
  const first = assertReading(timeZone, literal);
  const second = assertReading(timeZone, literal.slice(0, 19) + laterOffset);
  assert.ok(first < second, `${literal} shows first`);
}
