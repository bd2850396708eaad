// `klaxon users list|create`: the people schedules and escalation levels name (a person may be on call before their
// laptop joins the team). The same handlers as GET/POST /api/users (src-main/team-handlers.ts).
import { CreateUser } from '../../src-shared/schemas/team.ts';
import { displayText, displayJson } from '../../src-shared/domain/display-text.ts';
import type { Engine } from '../engine/types.ts';
import { createTeamHandlers } from '../team-handlers.ts';
import { UsageError } from './args.ts';
import { checked, flags } from './refusal.ts';
import { table } from './table.ts';

type Out = (text: string) => void;

export const USERS_USAGE = 'usage: klaxon users list [--json] | klaxon users create --name NAME [--json]';

export async function usersCommand(engine: Engine, sub: string | undefined, opts: { name?: string; json: boolean }, out: Out): Promise<void> {
  const handlers = createTeamHandlers({ engine });
  switch (sub) {
    case 'list': {
      const users = await handlers['users.list'](undefined);
      if (opts.json) return out(displayJson(users));
      const me = engine.localUserId();
      out(table([['ID', 'NAME', 'DEVICES'], ...users.map((u) => [u.id, `${displayText(u.name)}${u.id === me ? ' (this device)' : ''}`, String(u.deviceIds.length)])]));
      return;
    }
    case 'create': {
      const body = checked(CreateUser, { name: opts.name }, flags({ name: '--name' }));
      const u = await handlers['users.create'](body);
      out(opts.json ? displayJson(u) : `Created person ${u.id} (${displayText(u.name)}). Put them on a schedule by id or name: users=${u.id}`);
      return;
    }
    default:
      throw new UsageError(USERS_USAGE);
  }
}
