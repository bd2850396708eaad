// `klaxon users …` and `klaxon schedules …` as a user runs them: people by name, a schedule from one line per layer,
// who is on call when in local time, an override by name for two hours, and each refusal naming what to fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { klaxon } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { localWhen } from '../../src-main/cli/local-time.ts';
import { Schedule, Shift, Override } from '../../src-shared/schemas/oncall.ts';
import { User } from '../../src-shared/schemas/team.ts';

const CHICAGO = { TZ: 'America/Chicago' };

/** A data dir with Alice and Bob. */
async function withPeople(t: { after(fn: () => void): void }) {
  const dir = tempDir(t);
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => klaxon([...args, '--data-dir', dir], env);
  const alice = User.parse(JSON.parse((await run(['users', 'create', '--name', 'Alice', '--json'])).stdout));
  const bob = User.parse(JSON.parse((await run(['users', 'create', '--name', 'Bob', '--json'])).stdout));
  return { dir, run, alice, bob };
}

test('users create adds a person by name; users list shows each with their id; an empty name is refused', async (t) => {
  const { run, alice, bob } = await withPeople(t);
  assert.match(alice.id, /^usr_/);
  const created = await run(['users', 'create', '--name', 'Carol']);
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /^Created person usr_\S+ \(Carol\)/);

  const list = await run(['users', 'list']);
  assert.equal(list.code, 0, list.stderr);
  const rows = list.stdout.trim().split('\n');
  assert.match(rows[0]!, /^ID\s+NAME\s+DEVICES$/);
  assert.ok(rows.some((r) => new RegExp(`^${alice.id}\\s+Alice\\s+0$`).test(r)), list.stdout);
  assert.ok(rows.some((r) => new RegExp(`^${bob.id}\\s+Bob\\s+0$`).test(r)), list.stdout);
  const json = (JSON.parse((await run(['users', 'list', '--json'])).stdout) as unknown[]).map((u) => User.parse(u));
  assert.deepEqual(json.filter((u) => u.name !== 'me').map((u) => u.name), ['Alice', 'Bob', 'Carol']);

  const empty = await run(['users', 'create', '--name', '  ']);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /^klaxon: --name: /);
});

test('schedules create takes layers as one line each, people by name; show, list and shifts (in local time, by name) read it back', async (t) => {
  const { run, alice, bob } = await withPeople(t);
  const created = await run(['schedules', 'create', '--name', 'Primary', '--zone', 'America/Chicago', '--json',
    '--layer', 'start=2026-03-06T09:00,rotation=daily,turns=1,users=Alice+' + bob.id,
    '--layer', 'start=2026-03-06T00:00,rotation=weekly,users=Bob,restrict=weekly:sat@09:00-sat@12:00,name=Weekend cover']);
  assert.equal(created.code, 0, created.stderr);
  const s = Schedule.parse(JSON.parse(created.stdout));
  assert.equal(s.timeZone, 'America/Chicago');
  assert.deepEqual(s.layers.map((l) => [l.start, l.rotation, l.turns, l.userIds]), [
    ['2026-03-06T09:00', 'daily', 1, [alice.id, bob.id]], ['2026-03-06T00:00', 'weekly', 1, [bob.id]],
  ]);
  assert.deepEqual(s.layers[1]!.restrictions, [{ type: 'weekly', startDay: 6, startTime: '09:00', durationMinutes: 180 }]);

  const show = await run(['schedules', 'show', 'Primary']);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, new RegExp(`^Primary \\(${s.id}\\), time zone America/Chicago\n`));
  assert.match(show.stdout, /^Layer 1: daily, 1 day each, handoffs from 2026-03-06T09:00 America\/Chicago\n {2}in turn: Alice, Bob$/m);
  assert.match(show.stdout, /^Layer 2 \(Weekend cover\): weekly, 1 week each, .*\n {2}in turn: Bob\n {2}only: weekly:sat@09:00-sat@12:00$/m);
  assert.equal(JSON.parse((await run(['schedules', 'show', s.id, '--json'])).stdout).id, s.id);
  assert.match((await run(['schedules', 'list'])).stdout, new RegExp(`^${s.id}\\s+Primary\\s+America/Chicago\\s+2\\s+0\\s+(Alice|Bob)$`, 'm'));

  // Fri 09:00 CST to Sun 10:00 CDT: Alice, Bob (Saturday's 09:00-12:00 is Bob's by the weekend layer too), Alice.
  const shifts = await run(['schedules', 'shifts', 'Primary', '--from', '2026-03-06T15:00:00Z', '--to', '2026-03-08T15:00:00Z'], CHICAGO);
  assert.equal(shifts.code, 0, shifts.stderr);
  assert.equal(shifts.stdout, [
    'Primary: who is on call from Fri 06 Mar 09:00 to Sun 08 Mar 10:00 (times in America/Chicago)',
    'Fri 06 Mar 09:00 → Sat 07 Mar 09:00  Alice',
    'Sat 07 Mar 09:00 → Sun 08 Mar 09:00  Bob',
    'Sun 08 Mar 09:00 → Sun 08 Mar 10:00  Alice',
    '',
  ].join('\n'));
  const json = (JSON.parse((await run(['schedules', 'shifts', s.id, '--from', '2026-03-06T15:00:00Z', '--to', '2026-03-07T15:00:00Z', '--json'])).stdout) as unknown[]).map((x) => Shift.parse(x));
  assert.deepEqual(json, [{ userId: alice.id, start: '2026-03-06T15:00:00.000Z', end: '2026-03-07T15:00:00.000Z', override: false }]);
  // With no --from/--to: the next 14 days from now (the rotation leaves no gap, so the shifts span all of it).
  const before = Date.now();
  const next = (JSON.parse((await run(['schedules', 'shifts', 'Primary', '--json'])).stdout) as unknown[]).map((x) => Shift.parse(x));
  assert.ok(Math.abs(Date.parse(next[0]!.start) - before) < 30_000, next[0]!.start);
  assert.ok(Math.abs(Date.parse(next.at(-1)!.end) - (before + 14 * 86_400_000)) < 30_000, next.at(-1)!.end);

  const backwards = await run(['schedules', 'shifts', 'Primary', '--from', '2026-03-08T00:00:00Z', '--to', '2026-03-07T00:00:00Z']);
  assert.equal(backwards.code, 2);
  assert.match(backwards.stderr, /^klaxon: --to: to must be after from$/m);
});

test('schedules create refuses a bad zone, an unknown person and a bad layer spec, naming the flag; nothing is created', async (t) => {
  const { run } = await withPeople(t);
  const layer = 'start=2026-03-06T09:00,rotation=daily,users=Alice';
  const badZone = await run(['schedules', 'create', '--name', 'X', '--zone', 'Mars/Olympus', '--layer', layer]);
  assert.equal(badZone.code, 2);
  assert.equal(badZone.stderr, 'klaxon: --zone: not a known IANA time zone (e.g. Europe/Berlin)\n');

  const unknown = await run(['schedules', 'create', '--name', 'X', '--zone', 'UTC', '--layer', 'start=2026-03-06T09:00,rotation=daily,users=Alice+Zed']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^klaxon: no person "Zed" \(see `klaxon users list`/);

  const badSpec = await run(['schedules', 'create', '--name', 'X', '--zone', 'UTC', '--layer', layer, '--layer', 'start=2026-03-06T09:00,rotation=fortnightly,users=Alice']);
  assert.equal(badSpec.code, 2);
  assert.match(badSpec.stderr, /^klaxon: --layer 2 rotation: .*"hourly"\|"daily"\|"weekly"/);
  const noCalendar = await run(['schedules', 'create', '--name', 'X', '--zone', 'UTC', '--layer', 'start=2026-02-30T09:00,rotation=daily,users=Alice']);
  assert.match(noCalendar.stderr, /^klaxon: --layer 1 start: not a date and time on the calendar/);
  const noSyntax = await run(['schedules', 'create', '--name', 'X', '--zone', 'UTC', '--layer', 'from=2026-03-06T09:00']);
  assert.match(noSyntax.stderr, /^klaxon: --layer 1: "from=2026-03-06T09:00" is not one of start=/);

  assert.match((await run(['schedules', 'list'])).stdout, /^No schedules\./);
  const help = await run(['schedules', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--layer SPEC, once per layer/);
  assert.match(help.stdout, /restrict: only when \(daily:09:00-17:00 or weekly:mon@09:00-fri@17:00\)/);
});

test('schedules override lets a person (by name) cover two hours from now; shifts mark it; remove-override takes it back; delete removes the schedule', async (t) => {
  const { run, bob } = await withPeople(t);
  const s = Schedule.parse(JSON.parse((await run(['schedules', 'create', '--name', 'Primary', '--zone', 'UTC', '--json', '--layer', 'start=2026-03-06T09:00,rotation=weekly,users=Alice'])).stdout));

  const added = await run(['schedules', 'override', 'Primary', '--user', 'Bob', '--for', '2h', '--json']);
  assert.equal(added.code, 0, added.stderr);
  const o = Override.parse(JSON.parse(added.stdout));
  assert.equal(o.userId, bob.id);
  assert.equal(Date.parse(o.end) - Date.parse(o.start), 2 * 3_600_000);
  assert.ok(Math.abs(Date.parse(o.start) - Date.now()) < 30_000, 'from now');

  const shifts = await run(['schedules', 'shifts', s.id]);
  // The list starts now, inside the override: its row ends when the override does.
  assert.match(shifts.stdout, new RegExp(`^.* → ${localWhen(o.end)}  Bob \\(with an override\\)\n.*  Alice\n$`, 'm'));
  assert.match((await run(['schedules', 'show', 'Primary'])).stdout, new RegExp(`^ {2}${o.id} {2}Bob {2}`, 'm'));

  const unknown = await run(['schedules', 'override', 'Primary', '--user', 'Zed', '--for', '2h']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^klaxon: no person "Zed"/);
  const past = await run(['schedules', 'override', 'Primary', '--user', bob.id, '--start', '2020-01-01T00:00:00Z', '--end', '2020-01-01T02:00:00Z']);
  assert.equal(past.code, 2);
  assert.match(past.stderr, /^klaxon: --end: end must be in the future/);

  const removed = await run(['schedules', 'remove-override', 'Primary', o.id]);
  assert.equal(removed.code, 0, removed.stderr);
  assert.equal(removed.stdout, `Removed override ${o.id} from Primary.\n`);
  assert.doesNotMatch((await run(['schedules', 'shifts', s.id])).stdout, /\(override\)/);
  const again = await run(['schedules', 'remove-override', 'Primary', o.id]);
  assert.equal(again.code, 2, 'an override already removed');
  assert.match(again.stderr, new RegExp(`Override ${o.id} not found`));

  const deleted = await run(['schedules', 'delete', 'Primary']);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal(deleted.stdout, `Deleted schedule Primary (${s.id}).\n`);
  const gone = await run(['schedules', 'show', s.id]);
  assert.equal(gone.code, 2);
  assert.match(gone.stderr, new RegExp(`no schedule "${s.id}"`));
});
