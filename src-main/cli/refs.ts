// Things named on the command line by id or by exact name: names are what people remember, ids what the API takes.
// A name two things share is refused (paging or silencing the wrong one is not an option), and so is one nothing has.
import { displayText } from '../../src-shared/domain/display-text.ts';
import type { Engine } from '../engine/types.ts';
import { UsageError } from './args.ts';

interface Named { id: string; name: string }

function byIdOrName(items: readonly Named[], ref: string, what: string, hint: string): string {
  const byId = items.find((x) => x.id === ref);
  if (byId) return byId.id;
  const byName = items.filter((x) => x.name === ref);
  if (byName.length > 1) throw new UsageError(`more than one ${what} is named "${displayText(ref)}"; give the id (${byName.map((x) => x.id).join(', ')})`);
  if (byName.length === 0) throw new UsageError(`no ${what} "${displayText(ref)}" (${hint})`);
  return byName[0]!.id;
}

export const serviceRef = (engine: Engine, ref: string): string =>
  byIdOrName(engine.listServices(), ref, 'service', 'see `klaxon services list`');

export const personRef = (engine: Engine, ref: string): string =>
  byIdOrName([...engine.roster().users.values()], ref, 'person', 'see `klaxon users list`; add one with `klaxon users create --name NAME`');

export const scheduleRef = (engine: Engine, ref: string): string =>
  byIdOrName(engine.listSchedules(), ref, 'schedule', 'see `klaxon schedules list`');

export const policyRef = (engine: Engine, ref: string): string =>
  byIdOrName(engine.listPolicies(), ref, 'escalation policy', 'see `klaxon policies list`');

/** A person's name for a terminal (neutralised: a name may hold bidi or control characters); the id if unknown. */
export function namer(engine: Engine): (userId: string) => string {
  const users = engine.roster().users;
  return (id) => displayText(users.get(id)?.name ?? id);
}
