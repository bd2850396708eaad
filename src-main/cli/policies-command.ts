// `klaxon policies …`: list, show, create and delete escalation policies. Bodies go through the API's schema and the
// same handlers as /api/escalation-policies (src-main/oncall-handlers.ts); a service takes one with
// `klaxon services set SERVICE --policy POLICY`.
import { CreateEscalationPolicy, type EscalationPolicy } from '../../src-shared/schemas/oncall.ts';
import { displayText, displayJson } from '../../src-shared/domain/display-text.ts';
import type { Engine } from '../engine/types.ts';
import { createOnCallHandlers } from '../oncall-handlers.ts';
import { UsageError } from './args.ts';
import { localWhen } from './local-time.ts';
import { namer, personRef, scheduleRef, policyRef } from './refs.ts';
import { checked, flags, refusedAs, type FlagOf } from './refusal.ts';
import { parseLevel, LEVEL_SYNTAX } from './oncall-specs.ts';
import { table } from './table.ts';

type Out = (text: string) => void;

export interface PoliciesOptions { name?: string; level?: string[]; repeat?: string; json: boolean }

export const POLICIES_USAGE = `usage: klaxon policies list [--json]
       klaxon policies show POLICY [--json]
       klaxon policies create --name NAME --level SPEC… [--repeat N] [--json]
       klaxon policies delete POLICY [--json]
POLICY, SCHEDULE and PERSON: an id or an exact name.
--level SPEC, once per level in order: ${LEVEL_SYNTAX}
  an incident pages the level's targets (all at once; a schedule means whoever is on call on it) and moves to the
  next level after delay minutes without an acknowledgement; --repeat: times it starts again at level 1 (0-9)
  e.g. --level 'delay=5,targets=schedule:Primary' --level 'delay=15,targets=user:Alice+user:Bob'`;

const LEVEL_KEY: Record<string, string> = { delayMinutes: 'delay', targets: 'targets' };

/** `levels.0.targets.1.id` → `--level 1 targets`. */
const policyFlag: FlagOf = (path) => {
  const [head, i, key] = path;
  if (head === 'levels') return i === undefined ? '--level' : `--level ${Number(i) + 1}${key === undefined ? '' : ` ${LEVEL_KEY[String(key)] ?? String(key)}`}`;
  return flags({ name: '--name', repeat: '--repeat' })(path);
};

function describePolicy(engine: Engine, p: EscalationPolicy): string {
  const name = namer(engine);
  const schedules = new Map(engine.listSchedules().map((s) => [s.id, s.name]));
  const now = engine.onCallNow(engine.clock.now()).policies.find((x) => x.policyId === p.id);
  const lines = [`${displayText(p.name)} (${p.id}), ${p.repeat === 0 ? 'no repeat' : `repeats ${p.repeat} time${p.repeat === 1 ? '' : 's'}`}`];
  if (p.description) lines.push(`  ${displayText(p.description)}`);
  lines.push(table(p.levels.map((l, i) => {
    const targets = l.targets.map((t) => (t.type === 'user' ? name(t.id) : `schedule ${displayText(schedules.get(t.id) ?? t.id)}`));
    const people = now?.levels.find((x) => x.level === i + 1)?.people ?? [];
    const paged = people.length === 0 ? 'nobody on call: skipped'
      : people.map((x) => `${name(x.userId)}${x.until ? ` until ${localWhen(x.until)}` : ''}`).join(', ');
    return [`  level ${i + 1}`, `${l.delayMinutes} min`, targets.join(', '), `now: ${paged}`];
  })));
  const services = engine.listServices().filter((s) => s.escalationPolicyId === p.id);
  lines.push(`Services: ${services.length > 0 ? services.map((s) => displayText(s.name)).join(', ') : 'none (give it to one with `klaxon services set SERVICE --policy POLICY`)'}`);
  return lines.join('\n');
}

function listPolicies(engine: Engine, json: boolean, out: Out): void {
  const policies = engine.listPolicies();
  if (json) return out(displayJson(policies));
  if (policies.length === 0) return out('No escalation policies. Make one with `klaxon policies create`.');
  const services = engine.listServices();
  out(table([['ID', 'NAME', 'LEVELS', 'REPEAT', 'SERVICES'], ...policies.map((p) => [
    p.id, displayText(p.name), p.levels.map((l) => `${l.delayMinutes}m`).join(' → '), String(p.repeat),
    services.filter((s) => s.escalationPolicyId === p.id).map((s) => displayText(s.name)).join(', ') || '-',
  ])]));
}

export async function policiesCommand(engine: Engine, sub: string | undefined, rest: string[], opts: PoliciesOptions, out: Out): Promise<void> {
  const handlers = createOnCallHandlers(engine);
  const print = (json: unknown, text: string) => out(opts.json ? displayJson(json) : text);
  const policyArg = (what: string): string => {
    if (!rest[0]) throw new UsageError(`policies ${what} needs the policy (its id or name; see \`klaxon policies list\`)`);
    return policyRef(engine, rest[0]);
  };
  switch (sub) {
    case 'list': return listPolicies(engine, opts.json, out);
    case 'show': {
      const p = await handlers['policies.get']({ id: policyArg('show') });
      return print(p, describePolicy(engine, p));
    }
    case 'create': {
      if (!opts.level?.length) throw new UsageError(`policies create needs at least one --level ${LEVEL_SYNTAX}`);
      if (opts.repeat !== undefined && !/^\d+$/.test(opts.repeat)) throw new UsageError(`--repeat takes a whole number, not "${opts.repeat}"`);
      const levels = opts.level.map((spec, i) => parseLevel(spec, `--level ${i + 1}`,
        (type, ref) => (type === 'user' ? personRef(engine, ref) : scheduleRef(engine, ref))));
      const body = checked(CreateEscalationPolicy, { name: opts.name, levels, ...(opts.repeat === undefined ? {} : { repeat: Number(opts.repeat) }) }, policyFlag);
      const p = await refusedAs(policyFlag, () => handlers['policies.create'](body));
      return print(p, `Created ${describePolicy(engine, p)}`);
    }
    case 'delete': {
      const p = await handlers['policies.delete']({ id: policyArg('delete') });
      return print(p, `Deleted escalation policy ${displayText(p.name)} (${p.id}).`);
    }
    default:
      throw new UsageError(POLICIES_USAGE);
  }
}
