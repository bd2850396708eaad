// `klaxon oncall [--at ISO] [--json]`: who is on call now (or then) and until when, for every schedule and every
// escalation policy level, with instants in this machine's zone ("until Fri 06 Mar 09:00"); `--json` prints the same
// answer as GET /api/oncall. Schedules and policies have their own commands (schedules-command.ts, policies-command.ts).
import { OnCallQuery, type OnCallNow } from '../../src-shared/schemas/oncall.ts';
import { displayText, displayJson } from '../../src-shared/domain/display-text.ts';
import type { Engine } from '../engine/types.ts';
import { UsageError } from './args.ts';
import { localWhen, localZone } from './local-time.ts';
import { table } from './table.ts';
import { namer } from './refs.ts';

type Out = (text: string) => void;

function describe(now: OnCallNow, name: (userId: string) => string): string {
  const lines = [`On call at ${localWhen(now.at)} (${localZone()})`];
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
