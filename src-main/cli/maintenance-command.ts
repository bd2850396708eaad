// `klaxon maintenance …`: schedule, list and cancel maintenance windows from a terminal, e.g. right before a deploy:
// `klaxon maintenance create --title "DB upgrade" --service Database --for 2h`. The body goes through the same
// schema as POST /api/maintenance, so the CLI and the API refuse the same things with the same words.
import { CreateMaintenance, type Maintenance } from '../../src-shared/schemas/maintenance.ts';
import { displayText, displayJson } from '../../src-shared/domain/display-text.ts';
import type { Engine } from '../engine/types.ts';
import { UsageError } from './args.ts';
import { instant } from './local-time.ts';
import { serviceRef } from './refs.ts';

type Out = (text: string) => void;

export interface MaintenanceOptions {
  title?: string;
  start?: string;
  end?: string;
  for?: string;
  service?: string[];
  impact?: string;
  message?: string;
  all: boolean;
  json: boolean;
}

const USAGE = 'usage: klaxon maintenance create --title T [--start ISO|now] (--end ISO | --for 90m|2h|1d) [--service ID|NAME]… [--impact none|minor|major|critical] [--message M] [--json]\n' +
  '       klaxon maintenance list [--all] [--json] | klaxon maintenance cancel ID [--json]';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

function addDuration(startIso: string, duration: string): string {
  const m = /^(\d+)([mhd])$/.exec(duration);
  if (!m) throw new UsageError(`--for takes a duration like 90m, 2h or 1d, not "${duration}"`);
  const start = Date.parse(startIso);
  if (Number.isNaN(start)) return startIso; // the schema names the bad --start
  return new Date(start + Number(m[1]) * UNIT_MS[m[2]!]!).toISOString();
}

/** One window per line; its title and service names shown through displayText (they may hold bidi or control characters). */
const line = (m: Maintenance) =>
  `${m.id}  ${m.status.padEnd(11)}  ${m.scheduledStart} → ${m.scheduledEnd}  ${displayText(m.title)}` +
  `  [${m.services.length > 0 ? m.services.map((s) => displayText(s.name)).join(', ') : 'announcement only'}]`;

export async function maintenanceCommand(engine: Engine, sub: string | undefined, rest: string[], opts: MaintenanceOptions, out: Out): Promise<void> {
  switch (sub) {
    case 'create': {
      if (opts.end && opts.for) throw new UsageError('give --end or --for, not both');
      const start = instant(opts.start ?? 'now', engine.clock.now());
      const end = opts.for ? addDuration(start, opts.for) : opts.end;
      if (!end) throw new UsageError(`maintenance create needs --end or --for\n${USAGE}`);
      const parsed = CreateMaintenance.safeParse({
        title: opts.title, scheduledStart: start, scheduledEnd: instant(end, engine.clock.now()),
        ...(opts.impact ? { impact: opts.impact } : {}), ...(opts.message ? { message: opts.message } : {}),
        serviceIds: (opts.service ?? []).map((ref) => serviceRef(engine, ref)),
      });
      if (!parsed.success) {
        const flag: Record<string, string> = { title: '--title', scheduledStart: '--start', scheduledEnd: '--end', impact: '--impact', message: '--message' };
        throw new UsageError(parsed.error.issues.map((i) => `${flag[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('\n'));
      }
      const m = await engine.scheduleMaintenance(parsed.data, 'system');
      out(opts.json ? displayJson(m) : `Scheduled ${line(m)}` +
        (m.services.length > 0 ? '\nNew incidents of these services are suppressed while it is in progress.' : ''));
      return;
    }
    case 'list': {
      const windows = engine.listMaintenance(opts.all ? { status: ['scheduled', 'in_progress', 'completed', 'cancelled'] } : {});
      if (opts.json) return out(displayJson(windows));
      out(windows.length === 0 ? (opts.all ? 'No maintenance windows.' : 'No maintenance scheduled or in progress.') : windows.map(line).join('\n'));
      return;
    }
    case 'cancel': {
      const id = rest[0];
      if (!id) throw new UsageError('maintenance cancel needs the window id (see `klaxon maintenance list`)');
      const m = await engine.cancelMaintenance(id, 'system');
      out(opts.json ? displayJson(m) : `Cancelled ${line(m)}`);
      return;
    }
    default:
      throw new UsageError(USAGE);
  }
}
