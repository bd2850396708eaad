// How the On-call page places and words things, as a person in Berlin sees them: shifts and red gaps placed over the
// two weeks (days 23 and 25 hours long across daylight-saving changes), a colour of their own per person, times as
// short as they can be while saying the day, restrictions typed as "from … to …", and forms that say what to fix.
process.env.TZ = 'Europe/Berlin';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayMarks, nowLeft, placeGaps, placeShifts, timelineRange } from '../../src-renderer/oncall/timeline-layout.ts';
import { colorsFor } from '../../src-renderer/oncall/colors.ts';
import { formatWhen, namesFor, shiftTitle } from '../../src-renderer/oncall/format.ts';
import { restrictionDraft, restrictionOf, scheduleInput, newSchedule, type ScheduleDraft } from '../../src-renderer/oncall/schedule-form.ts';
import { newPolicy, policyInput } from '../../src-renderer/oncall/policy-form.ts';
import { shift, user } from './support/oncall-fixtures.ts';

const at = (s: string) => Date.parse(s);

test('the two weeks start at local midnight today; across the spring change that fortnight is an hour short', () => {
  const r = timelineRange(at('2026-03-20T15:00:00+01:00'));
  assert.equal(new Date(r.from).toISOString(), '2026-03-19T23:00:00.000Z', 'midnight in Berlin (CET)');
  assert.equal(new Date(r.to).toISOString(), '2026-04-02T22:00:00.000Z', 'midnight in Berlin (CEST), 14 days on');
  const marks = dayMarks(r);
  assert.equal(marks.length, 14);
  // 29 March 2026 is 23 hours long: the mark after it sits 23/335 of the range after it, not 24/335.
  const i = marks.findIndex((m) => new Date(m.at).getDate() === 29);
  assert.ok(Math.abs((marks[i + 1]!.left - marks[i]!.left) - (23 / 335) * 100) < 1e-9);
  assert.deepEqual(marks.filter((m) => m.weekend).map((m) => new Date(m.at).getDate()), [21, 22, 28, 29], 'Saturdays and Sundays');
  assert.equal(nowLeft(r.from - 1, r), null);
  assert.equal(nowLeft(r.from + (r.to - r.from) / 2, r), 50);
});

test('shifts are clipped to the range, and what no shift covers is a gap, from the range start to its end', () => {
  const r = { from: at('2026-03-02T00:00:00Z'), to: at('2026-03-03T00:00:00Z') };
  const shifts = [
    shift('usr_b', '2026-03-02T12:00:00Z', '2026-03-02T18:00:00Z', true),
    shift('usr_a', '2026-03-01T18:00:00Z', '2026-03-02T06:00:00Z'),
  ];
  const placed = placeShifts(shifts, r);
  assert.deepEqual(placed.map((p) => [p.userId, p.left, p.width, p.override]), [['usr_a', 0, 25, false], ['usr_b', 50, 25, true]]);
  assert.deepEqual(placeGaps(shifts, r).map((g) => [g.left, g.width]), [[25, 25], [75, 25]]);
  assert.deepEqual(placeGaps([], r).map((g) => [g.left, g.width]), [[0, 100]], 'nobody at all: one red span');
  assert.deepEqual(placeGaps([shift('usr_a', '2026-03-01T00:00:00Z', '2026-03-04T00:00:00Z')], r), [], 'covered throughout');
});

test('each person keeps one colour whatever list order the host gives; the first people never share one, and none is red', () => {
  const people = Array.from({ length: 12 }, (_, i) => user(`usr_${i}`, `P${i}`, new Date(Date.UTC(2024, 0, 1 + i)).toISOString()));
  const a = colorsFor(people);
  const b = colorsFor([...people].reverse());
  assert.deepEqual(people.map((p) => a(p.id)), people.map((p) => b(p.id)));
  const hues = people.map((p) => Number(/hsl\(([\d.]+)/.exec(a(p.id))![1]));
  for (let i = 0; i < hues.length; i++) {
    for (let j = i + 1; j < hues.length; j++) {
      const d = Math.min(Math.abs(hues[i]! - hues[j]!), 360 - Math.abs(hues[i]! - hues[j]!));
      assert.ok(d >= 15, `P${i} and P${j} are ${d.toFixed(1)}° apart`);
    }
  }
  assert.ok(hues.every((h) => h >= 25 && h <= 335), `no red, the colour of a gap: ${hues.map((h) => h.toFixed(0)).join(', ')}`);
  assert.match(a('usr_unknown'), /^hsl\(/, 'a person not listed yet still gets a colour');
  assert.equal(a('usr_unknown'), b('usr_unknown'));
});

test('times say the day only when it is not today, and names are shown neutralised', () => {
  const now = at('2026-03-04T10:00:00+01:00'); // a Wednesday
  assert.equal(formatWhen('2026-03-04T14:05:00+01:00', now, 'en-GB'), '14:05');
  assert.equal(formatWhen('2026-03-06T09:00:00+01:00', now, 'en-GB'), 'Fri 09:00');
  assert.equal(formatWhen('2026-03-13T09:00:00+01:00', now, 'en-GB'), 'Fri 13 Mar 09:00', 'a week or more away: the date');
  assert.equal(formatWhen('2026-03-03T22:00:00+01:00', now, 'en-GB'), 'Tue 3 Mar 22:00', 'yesterday: the date');
  const nameOf = namesFor([user('usr_e', 'Eve\u202Eevil')]);
  assert.equal(nameOf('usr_e'), 'Eve<U+202E>evil');
  assert.equal(nameOf('usr_gone'), 'usr_gone');
  assert.equal(shiftTitle('Alice', '2026-03-04T13:00:00Z', '2026-03-05T08:00:00Z', true, 'en-GB'), 'Override: Alice covers Wed 4 Mar 14:00 – Thu 5 Mar 09:00');
  assert.equal(shiftTitle('Bob', '2026-03-04T13:00:00Z', '2026-03-05T08:00:00Z', false, 'en-GB'), 'Bob, Wed 4 Mar 14:00 – Thu 5 Mar 09:00');
});

test('restrictions typed "from … to …" become a start and a duration, past midnight and across the week\'s end too', () => {
  const cases = [
    [{ type: 'daily', startDay: 1, startTime: '09:00', endDay: 1, endTime: '17:00' }, { type: 'daily', startTime: '09:00', durationMinutes: 480 }],
    [{ type: 'daily', startDay: 1, startTime: '22:00', endDay: 1, endTime: '06:00' }, { type: 'daily', startTime: '22:00', durationMinutes: 480 }],
    [{ type: 'daily', startDay: 1, startTime: '00:00', endDay: 1, endTime: '00:00' }, { type: 'daily', startTime: '00:00', durationMinutes: 1440 }],
    [{ type: 'weekly', startDay: 1, startTime: '09:00', endDay: 5, endTime: '17:00' }, { type: 'weekly', startDay: 1, startTime: '09:00', durationMinutes: 4 * 1440 + 480 }],
    [{ type: 'weekly', startDay: 5, startTime: '18:00', endDay: 1, endTime: '09:00' }, { type: 'weekly', startDay: 5, startTime: '18:00', durationMinutes: 2 * 1440 + 15 * 60 }],
  ] as const;
  for (const [draft, restriction] of cases) {
    assert.deepEqual(restrictionOf(draft), restriction);
    const back = restrictionDraft(restriction);
    assert.deepEqual(restrictionOf(back), restriction, 'and back again');
  }
});

test('a schedule form says what to fix before anything is sent, and sends the layers as typed', () => {
  const draft: ScheduleDraft = { ...newSchedule(at('2026-03-04T10:00:00Z')), name: 'Primary', timeZone: 'America/Chicago' };
  assert.deepEqual(scheduleInput({ ...draft, name: ' ' }), { error: 'Give the schedule a name' });
  assert.deepEqual(scheduleInput(draft), { error: 'Layer 1: pick at least one person' });
  const layer = { ...draft.layers[0]!, userIds: ['usr_a', 'usr_b'] };
  assert.deepEqual(scheduleInput({ ...draft, layers: [{ ...layer, turns: '0' }] }), { error: 'Layer 1: a turn lasts a whole number of days, at least 1' });
  assert.deepEqual(scheduleInput({ ...draft, layers: [{ ...layer, start: '' }] }), { error: 'Layer 1: enter when its first turn starts (date and time)' });
  assert.deepEqual(scheduleInput({ ...draft, layers: [layer] }), {
    input: { name: 'Primary', timeZone: 'America/Chicago', layers: [{ start: '2026-03-04T09:00', end: null, rotation: 'daily', turns: 1, userIds: ['usr_a', 'usr_b'], restrictions: [] }] },
  });
});

test('a policy form refuses a level with no one to notify or no delay, and a repeat beyond 9', () => {
  const draft = { ...newPolicy(), name: 'Default' };
  assert.deepEqual(policyInput(draft), { error: 'Level 1: pick at least one person or schedule to notify' });
  const level = { ...draft.levels[0]!, targets: [{ type: 'schedule' as const, id: 'sch_1' }] };
  assert.deepEqual(policyInput({ ...draft, levels: [{ ...level, delayMinutes: '0' }] }), { error: 'Level 1: escalate after a whole number of minutes, at least 1' });
  assert.deepEqual(policyInput({ ...draft, repeat: '10', levels: [level] }), { error: 'Repeat: a whole number from 0 to 9' });
  assert.deepEqual(policyInput({ ...draft, levels: [] }), { error: 'A policy needs at least one level' });
  assert.deepEqual(policyInput({ ...draft, repeat: '2', levels: [level] }), { input: { name: 'Default', repeat: 2, levels: [{ delayMinutes: 15, targets: [{ type: 'schedule', id: 'sch_1' }] }] } });
});
