// When a change happened, read from what senders write in `timestamp`: every ISO form they use, with or without a
// zone (none means UTC), to the millisecond; anything else is no instant, and the change counts from its arrival.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeInstant, parseChangeTimestamp, recentChangeSpan } from '../../src-shared/domain/changes.ts';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

test('timestamps as senders write them', () => {
  const table: [string, string | null][] = [
    ['2026-08-22T09:50:00Z', '2026-08-22T09:50:00.000Z'],
    ['2026-08-22T09:50:00.000000Z', '2026-08-22T09:50:00.000Z'], // pdpyras
    ['2014-11-12T11:45:26.371000000Z', '2014-11-12T11:45:26.371Z'], // Kapacitor
    ['2015-07-17T08:42:58.315+0000', '2015-07-17T08:42:58.315Z'], // PagerDuty's own example
    ['2026-08-22T11:50:00+02:00', '2026-08-22T09:50:00.000Z'],
    ['2026-08-22T04:50:00-05', '2026-08-22T09:50:00.000Z'],
    ['2026-08-22T10:00:00.000', '2026-08-22T10:00:00.000Z'], // Netdata: no zone → UTC
    ['2026-08-22 10:00', '2026-08-22T10:00:00.000Z'],
    ['2026-02-31T10:00:00Z', null],
    ['2026-13-01T10:00:00Z', null],
    ['2026-08-22T24:00:00Z', null],
    ['yesterday', null],
    ['1787392800', null],
    ['', null],
  ];
  for (const [text, want] of table) assert.equal(iso(parseChangeTimestamp(text)), want, text);
});

test('a change without a readable timestamp happened when it arrived', () => {
  const arrived = Date.parse('2026-08-22T10:00:00Z');
  assert.equal(changeInstant(undefined, arrived), '2026-08-22T10:00:00.000Z');
  assert.equal(changeInstant('soon', arrived), '2026-08-22T10:00:00.000Z');
  assert.equal(changeInstant('2026-08-22T09:00:00Z', arrived), '2026-08-22T09:00:00.000Z');
});

test('the changes shown next to an incident: the hour before it was created, up to its creation', () => {
  assert.deepEqual(recentChangeSpan('2026-08-22T10:00:00.000Z'), { from: '2026-08-22T09:00:00.000Z', to: '2026-08-22T10:00:00.000Z' });
});
