// The one-line specs of the on-call commands: what a user types becomes the API's body, and `show` writes a
// restriction or support hours back in the very syntax it was typed in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseRestriction, describeRestriction, parseLayer, parseLevel, parseSupportHours, describeDays,
} from '../../src-main/cli/oncall-specs.ts';
import { UsageError } from '../../src-main/cli/args.ts';

const refused = (fn: () => unknown, message: RegExp) => assert.throws(fn, (e: unknown) => e instanceof UsageError && message.test(e.message));

test('restrictions read as spans of the day or the week, past midnight and past Sunday, and are written back the same', () => {
  assert.deepEqual(parseRestriction('daily:09:00-17:00', 'r'), { type: 'daily', startTime: '09:00', durationMinutes: 480 });
  assert.deepEqual(parseRestriction('daily:22:00-06:00', 'r'), { type: 'daily', startTime: '22:00', durationMinutes: 480 }, 'the night shift runs past midnight');
  assert.deepEqual(parseRestriction('daily:09:00-09:00', 'r'), { type: 'daily', startTime: '09:00', durationMinutes: 1440 }, 'the whole day');
  assert.deepEqual(parseRestriction('weekly:mon@09:00-fri@17:00', 'r'), { type: 'weekly', startDay: 1, startTime: '09:00', durationMinutes: 4 * 1440 + 480 });
  assert.deepEqual(parseRestriction('weekly:fri@18:00-1@08:00', 'r'), { type: 'weekly', startDay: 5, startTime: '18:00', durationMinutes: 2 * 1440 + 14 * 60 }, 'the weekend, past Sunday');
  for (const text of ['daily:09:00-17:00', 'daily:22:00-06:00', 'weekly:mon@09:00-fri@17:00', 'weekly:fri@18:00-mon@08:00', 'weekly:sun@23:30-sun@23:30']) {
    assert.equal(describeRestriction(parseRestriction(text, 'r')), text);
  }
  refused(() => parseRestriction('weekdays:09:00-17:00', '--layer 1 restrict'), /--layer 1 restrict: a restriction is daily:09:00-17:00 or weekly:mon@09:00-fri@17:00/);
  refused(() => parseRestriction('daily:09:00-25:00', 'r'), /a time of day like 09:00, not "25:00"/);
  refused(() => parseRestriction('weekly:funday@09:00-fri@17:00', 'r'), /a day is mon…sun or 1…7/);
});

test('a layer spec becomes a CreateSchedule layer, people resolved; a wrong, repeated or missing key is refused with the syntax', () => {
  const people: Record<string, string> = { Alice: 'usr_a', Bob: 'usr_b' };
  const person = (ref: string) => people[ref] ?? ref;
  assert.deepEqual(parseLayer('start=2026-03-06T09:00,rotation=weekly,turns=2,users=Alice+usr_c,restrict=daily:09:00-17:00,end=2026-06-01T00:00,name=Days', 'L', person), {
    start: '2026-03-06T09:00', rotation: 'weekly', turns: 2, userIds: ['usr_a', 'usr_c'],
    restrictions: [{ type: 'daily', startTime: '09:00', durationMinutes: 480 }], end: '2026-06-01T00:00', name: 'Days',
  });
  assert.deepEqual(parseLayer('rotation=daily,users=Bob,start=2026-03-06T09:00', 'L', person), { start: '2026-03-06T09:00', rotation: 'daily', userIds: ['usr_b'] }, 'any order; turns left to the schema\'s default');
  refused(() => parseLayer('start=2026-03-06T09:00,rotation=daily,people=Alice', '--layer 2', person), /--layer 2: "people=Alice" is not one of start=, rotation=, turns=, users=/);
  refused(() => parseLayer('start=2026-03-06T09:00,start=2026-03-07T09:00,rotation=daily,users=Alice', 'L', person), /start= is given twice/);
  refused(() => parseLayer('start=2026-03-06T09:00,users=Alice', '--layer 1', person), /--layer 1 needs rotation=\n {2}syntax: start=WALL_TIME/);
  refused(() => parseLayer('start=2026-03-06T09:00,rotation=daily,users=Alice,turns=two', '--layer 1', person), /--layer 1 turns takes a whole number, not "two"/);
});

test('a level spec becomes a policy level with its targets resolved by type', () => {
  const target = (type: 'user' | 'schedule', ref: string) => `${type === 'user' ? 'usr' : 'sch'}_${ref.toLowerCase()}`;
  assert.deepEqual(parseLevel('delay=5,targets=schedule:Primary+user:Bob', 'L', target), {
    delayMinutes: 5, targets: [{ type: 'schedule', id: 'sch_primary' }, { type: 'user', id: 'usr_bob' }],
  });
  refused(() => parseLevel('delay=5,targets=team:Ops', '--level 1', target), /--level 1: a target is schedule:SCHEDULE or user:PERSON, not "team:Ops"/);
  refused(() => parseLevel('delay=5m,targets=user:Bob', '--level 1', target), /--level 1 delay takes a whole number, not "5m"/);
  refused(() => parseLevel('targets=user:Bob', '--level 3', target), /--level 3 needs delay=/);
});

test('support hours: zone, days (names, numbers, ranges that may wrap), hours; days are written back as ranges', () => {
  assert.deepEqual(parseSupportHours('Europe/Berlin,1-5,09:00-17:00', '--support-hours'), { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' });
  assert.deepEqual(parseSupportHours('UTC,fri-mon+wed,22:00-06:00', 's').days, [1, 3, 5, 6, 7]);
  assert.equal(describeDays([1, 2, 3, 4, 5]), 'mon-fri');
  assert.equal(describeDays([7, 6, 1, 3]), 'mon+wed+sat-sun');
  refused(() => parseSupportHours('Europe/Berlin,09:00-17:00', '--support-hours'), /--support-hours takes ZONE,DAYS,HH:MM-HH:MM .* or none/);
  refused(() => parseSupportHours('UTC,mon-fri-sat,09:00-17:00', '--support-hours'), /days are like mon-fri or sat\+sun/);
});
