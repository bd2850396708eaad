// `klaxon schedules …`: list, show, create and delete on-call schedules, see who is on call when, and let someone
// cover a span (an override). Bodies go through the API's schemas and the same handlers as the window and
// /api/schedules (src-main/oncall-handlers.ts), so the CLI refuses what the API refuses, in the flags' words.
import {
  CreateSchedule, CreateOverride, ShiftsQuery, type Schedule, type Shift, type Layer,
} from '../../src-shared/schemas/oncall.ts';
import { displayText, displayJson } from '../../src-shared/domain/display-text.ts';
import type { Engine } from '../engine/types.ts';
import { createOnCallHandlers } from '../oncall-handlers.ts';
import { UsageError, parseDuration } from './args.ts';
import { localWhen, localZone, instant } from './local-time.ts';
import { namer, personRef, scheduleRef } from './refs.ts';
import { checked, flags, refusedAs, type FlagOf } from './refusal.ts';
import { parseLayer, describeRestriction, LAYER_SYNTAX, RESTRICTION_SYNTAX } from './oncall-specs.ts';
import { table } from './table.ts';

type Out = (text: string) => void;

export interface SchedulesOptions {
  name?: string;
  zone?: string;
  layer?: string[];
  from?: string;
  to?: string;
  user?: string;
  start?: string;
  end?: string;
  for?: string;
  json: boolean;
}

export const SCHEDULES_USAGE = `usage: klaxon schedules list [--json]
       klaxon schedules show SCHEDULE [--json]
       klaxon schedules create --name NAME --zone TZ [--layer SPEC]… [--json]
       klaxon schedules delete SCHEDULE [--json]
       klaxon schedules shifts SCHEDULE [--from ISO|now] [--to ISO] [--json]     (default: the next 14 days)
       klaxon schedules override SCHEDULE --user PERSON [--start ISO|now] (--end ISO | --for 90m|2h|1d) [--json]
       klaxon schedules remove-override SCHEDULE OVERRIDE_ID [--json]
SCHEDULE and PERSON: an id or an exact name (in a SPEC, a name holding + or , goes by its id). Instants: ISO 8601 with a zone (2026-03-06T15:00:00Z) or now.
--layer SPEC, once per layer (a later layer wins where it has someone on call; earlier ones show through its gaps):
  ${LAYER_SYNTAX}
  start, end: a wall time in the schedule's zone (2026-03-06T09:00); handoffs happen at start's time of day
  rotation, turns: each person is on call for turns hours, days or weeks (turns defaults to 1)
  users: who takes turns, in order; restrict: only when (${RESTRICTION_SYNTAX}), several joined by +
  e.g. --layer 'start=2026-03-06T09:00,rotation=weekly,users=Alice+Bob,restrict=weekly:mon@09:00-fri@17:00'`;

const DAY_MS = 86_400_000;
const UNIT: Record<Layer['rotation'], string> = { hourly: 'hour', daily: 'day', weekly: 'week' };
const LAYER_KEY: Record<string, string> = { userIds: 'users', restrictions: 'restrict' };

/** `layers.0.userIds.1` → `--layer 1 users`. */
const scheduleFlag: FlagOf = (path) => {
  const [head, i, key] = path;
  if (head === 'layers') return i === undefined ? '--layer' : `--layer ${Number(i) + 1}${key === undefined ? '' : ` ${LAYER_KEY[String(key)] ?? String(key)}`}`;
  return flags({ name: '--name', timeZone: '--zone' })(path);
};

function describeLayer(l: Layer, i: number, zone: string, name: (id: string) => string): string[] {
  const lines = [`Layer ${i + 1}${l.name ? ` (${displayText(l.name)})` : ''}: ${l.rotation}, ${l.turns} ${UNIT[l.rotation]}${l.turns === 1 ? '' : 's'} each, handoffs from ${l.start} ${zone}${l.end ? ` until ${l.end}` : ''}`,
    `  in turn: ${l.userIds.map(name).join(', ')}`];
  if (l.restrictions.length > 0) lines.push(`  only: ${l.restrictions.map(describeRestriction).join(', ')}`);
  return lines;
}

function describeSchedule(engine: Engine, s: Schedule): string {
  const name = namer(engine);
  const lines = [`${displayText(s.name)} (${s.id}), time zone ${s.timeZone}`];
  if (s.description) lines.push(`  ${displayText(s.description)}`);
  if (s.layers.length === 0) lines.push('No layers: nobody is on call but by override.');
  s.layers.forEach((l, i) => lines.push(...describeLayer(l, i, s.timeZone, name)));
  if (s.overrides.length > 0) {
    lines.push('Overrides (the last made wins where they overlap):');
    lines.push(...s.overrides.map((o) => `  ${o.id}  ${name(o.userId)}  ${localWhen(o.start)} → ${localWhen(o.end)}`));
  }
  const now = engine.onCallNow(engine.clock.now()).schedules.find((x) => x.scheduleId === s.id);
  lines.push(`On call now: ${now?.userId ? name(now.userId) : 'nobody (a gap)'}${now?.until ? ` until ${localWhen(now.until)}` : ''} (times in ${localZone()})`);
  return lines.join('\n');
}

/** One row per shift, and one per gap between them (the API leaves gaps out; a reader should not have to spot them). */
function describeShifts(shifts: readonly Shift[], fromIso: string, toIso: string, name: (id: string) => string): string[][] {
  const rows: string[][] = [];
  let cursor = fromIso;
  const gap = (until: string) => { if (Date.parse(cursor) < Date.parse(until)) rows.push([`${localWhen(cursor)} → ${localWhen(until)}`, 'nobody (a gap)']); };
  for (const s of shifts) {
    gap(s.start);
    rows.push([`${localWhen(s.start)} → ${localWhen(s.end)}`, `${name(s.userId)}${s.override ? ' (with an override)' : ''}`]);
    cursor = s.end;
  }
  gap(toIso);
  return rows;
}

function listSchedules(engine: Engine, json: boolean, out: Out): void {
  const schedules = engine.listSchedules();
  if (json) return out(displayJson(schedules));
  if (schedules.length === 0) return out('No schedules. Make one with `klaxon schedules create`.');
  const name = namer(engine);
  const now = new Map(engine.onCallNow(engine.clock.now()).schedules.map((s) => [s.scheduleId, s]));
  out(table([['ID', 'NAME', 'TIME ZONE', 'LAYERS', 'OVERRIDES', 'ON CALL NOW'], ...schedules.map((s) => {
    const who = now.get(s.id)?.userId;
    return [s.id, displayText(s.name), s.timeZone, String(s.layers.length), String(s.overrides.length), who ? name(who) : 'nobody'];
  })]));
}

export async function schedulesCommand(engine: Engine, sub: string | undefined, rest: string[], opts: SchedulesOptions, out: Out): Promise<void> {
  const handlers = createOnCallHandlers(engine);
  const print = (json: unknown, text: string) => out(opts.json ? displayJson(json) : text);
  const scheduleArg = (what: string): string => {
    if (!rest[0]) throw new UsageError(`schedules ${what} needs the schedule (its id or name; see \`klaxon schedules list\`)`);
    return scheduleRef(engine, rest[0]);
  };
  switch (sub) {
    case 'list': return listSchedules(engine, opts.json, out);
    case 'show': {
      const s = await handlers['schedules.get']({ id: scheduleArg('show') });
      return print(s, describeSchedule(engine, s));
    }
    case 'create': {
      const layers = (opts.layer ?? []).map((spec, i) => parseLayer(spec, `--layer ${i + 1}`, (ref) => personRef(engine, ref)));
      const body = checked(CreateSchedule, { name: opts.name, timeZone: opts.zone, layers }, scheduleFlag);
      const s = await refusedAs(scheduleFlag, () => handlers['schedules.create'](body));
      return print(s, `Created ${describeSchedule(engine, s)}`);
    }
    case 'delete': {
      const s = await handlers['schedules.delete']({ id: scheduleArg('delete') });
      return print(s, `Deleted schedule ${displayText(s.name)} (${s.id}).`);
    }
    case 'shifts': {
      const id = scheduleArg('shifts');
      const from = instant(opts.from ?? 'now', engine.clock.now());
      const to = opts.to !== undefined ? instant(opts.to, engine.clock.now())
        : Number.isNaN(Date.parse(from)) ? from : new Date(Date.parse(from) + 14 * DAY_MS).toISOString();
      const q = checked(ShiftsQuery, { from, to }, flags({ from: '--from', to: '--to' }));
      const shifts = await handlers['schedules.shifts']({ id, ...q });
      if (opts.json) return out(displayJson(shifts));
      const s = engine.getSchedule(id);
      return out([`${displayText(s.name)}: who is on call from ${localWhen(q.from)} to ${localWhen(q.to)} (times in ${localZone()})`,
        table(describeShifts(shifts, q.from, q.to, namer(engine)))].join('\n'));
    }
    case 'override': {
      const id = scheduleArg('override');
      if (!opts.user) throw new UsageError('schedules override needs --user PERSON (an id or an exact name; see `klaxon users list`)');
      if (opts.end && opts.for) throw new UsageError('give --end or --for, not both');
      if (!opts.end && !opts.for) throw new UsageError('schedules override needs --end ISO or --for 90m|2h|1d');
      const start = instant(opts.start ?? 'now', engine.clock.now());
      const end = opts.for ? (Number.isNaN(Date.parse(start)) ? start : new Date(Date.parse(start) + parseDuration(opts.for, '--for')).toISOString()) : instant(opts.end!, engine.clock.now());
      const flagOf = flags({ userId: '--user', start: '--start', end: opts.for ? '--for' : '--end' });
      const body = checked(CreateOverride, { userId: personRef(engine, opts.user), start, end }, flagOf);
      const o = await refusedAs(flagOf, () => handlers['schedules.addOverride']({ id, override: body }));
      return print(o, `Override ${o.id}: ${namer(engine)(o.userId)} is on call on ${displayText(engine.getSchedule(id).name)} from ${localWhen(o.start)} to ${localWhen(o.end)} (times in ${localZone()}), above every layer.`);
    }
    case 'remove-override': {
      const id = scheduleArg('remove-override');
      const overrideId = rest[1];
      if (!overrideId) throw new UsageError('schedules remove-override needs the override id (see `klaxon schedules show SCHEDULE`)');
      const s = await handlers['schedules.removeOverride']({ id, overrideId });
      return print(s, `Removed override ${overrideId} from ${displayText(s.name)}.`);
    }
    default:
      throw new UsageError(SCHEDULES_USAGE);
  }
}
