// `klaxon oncall [--at ISO] [--json]`: who is on call now (or then) and until when, for every schedule and every
// escalation policy level, with instants in this machine's zone ("until Fri 06 Mar 09:00"); `--json` prints the same
// answer as GET /api/oncall. `klaxon schedules list` and `klaxon policies list` print short tables.
import { OnCallQuery, type OnCallNow } from '../../src-shared/schemas/oncall.ts';
import { displayText, displayJson } from '../../src-shared/domain/display-text.ts';
import type { Engine } from '../engine/types.ts';
import { UsageError } from './args.ts';
import { table } from './table.ts';

type Out = (text: string) => void;

const LOCAL = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `Fri 06 Mar 09:00` in this machine's zone. */
export function localWhen(iso: string): string {
  const parts = Object.fromEntries(LOCAL.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.hour}:${parts.minute}`;
}

function namer(engine: Engine): (userId: string) => string {
  const users = engine.roster().users;
  return (id) => displayText(users.get(id)?.name ?? id);
}

function describe(now: OnCallNow, name: (userId: string) => string): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const lines = [`On call at ${localWhen(now.at)} (${zone})`];
  if (now.schedules.length === 0) lines.push('No schedules.');
  else {
    lines.push(table(now.schedules.map((s) => [
      displayText(s.name), s.userId ? name(s.userId) : 'nobody (a gap)', s.until ? `until ${localWhen(s.until)}` : '',
      s.next ? `then ${name(s.next.userId)} from ${localWhen(s.next.start)}` : '',
    ])));
  }
  for (const p of now.policies) {
    lines.push(`Escalation policy ${displayText(p.name)}:`);
    for (const level of p.levels) {
      const people = level.people.map((person) => (person.via.type === 'schedule'
        ? `${name(person.userId)} (on call${person.until ? ` until ${localWhen(person.until)}` : ''})`
        : name(person.userId)));
      lines.push(`  level ${level.level}  ${people.length > 0 ? people.join(', ') : 'nobody on call: skipped'}`);
    }
  }
  return lines.join('\n');
}

export function oncallCommand(engine: Engine, opts: { at?: string; json: boolean }, out: Out): void {
  const q = OnCallQuery.safeParse(opts.at === undefined ? {} : { at: opts.at });
  if (!q.success) throw new UsageError(`--at: ${q.error.issues[0]!.message}`);
  const now = engine.onCallNow(q.data.at === undefined ? engine.clock.now() : Date.parse(q.data.at));
  out(opts.json ? displayJson(now) : describe(now, namer(engine)));
}

export function schedulesCommand(engine: Engine, sub: string | undefined, opts: { json: boolean }, out: Out): void {
  if (sub !== 'list') throw new UsageError('usage: klaxon schedules list [--json]');
  const schedules = engine.listSchedules();
  if (opts.json) return out(displayJson(schedules));
  if (schedules.length === 0) return out('No schedules.');
  const name = namer(engine);
  const now = new Map(engine.onCallNow(engine.clock.now()).schedules.map((s) => [s.scheduleId, s]));
  out(table([['ID', 'NAME', 'TIME ZONE', 'LAYERS', 'OVERRIDES', 'ON CALL NOW'], ...schedules.map((s) => {
    const who = now.get(s.id)?.userId;
    return [s.id, displayText(s.name), s.timeZone, String(s.layers.length), String(s.overrides.length), who ? name(who) : 'nobody'];
  })]));
}

export function policiesCommand(engine: Engine, sub: string | undefined, opts: { json: boolean }, out: Out): void {
  if (sub !== 'list') throw new UsageError('usage: klaxon policies list [--json]');
  const policies = engine.listPolicies();
  if (opts.json) return out(displayJson(policies));
  if (policies.length === 0) return out('No escalation policies.');
  const services = engine.listServices();
  out(table([['ID', 'NAME', 'LEVELS', 'REPEAT', 'SERVICES'], ...policies.map((p) => [
    p.id, displayText(p.name), p.levels.map((l) => `${l.delayMinutes}m`).join(' → '), String(p.repeat),
    services.filter((s) => s.escalationPolicyId === p.id).map((s) => displayText(s.name)).join(', ') || '-',
  ])]));
}
