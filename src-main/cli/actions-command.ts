// `klaxon actions …`: local actions — commands this device runs on incident events — set from the command line of
// this machine (they never replicate). Works beside a running `serve` (the same data dir; it reads them at each event).
import type { Engine } from '../engine/types.ts';
import { localActionConfig } from '../outbound/local-action-config.ts';
import { createLocalActionRunner } from '../outbound/local-action-runner.ts';
import { toRun } from '../outbound/local-action-view.ts';
import { runsOf } from '../store/local-actions.ts';
import { CreateLocalAction } from '../../src-shared/schemas/local-actions.ts';
import { WEBHOOK_EVENTS } from '../../src-shared/schemas/webhooks.ts';
import { silentLogger } from '../log.ts';
import { UsageError } from './args.ts';
import { serviceRef } from './refs.ts';
import { table } from './table.ts';

export const ACTIONS_USAGE = `usage:
  klaxon actions list [--json]
  klaxon actions add --name N --event E… [--service S]… [--timeout SECONDS] [--shell] [--json] -- PROGRAM [ARG]…
  klaxon actions remove ID | enable ID | disable ID
  klaxon actions test ID [--json]      run it now with a test message on stdin; prints the exit code and output
  klaxon actions runs ID [--json]      its last runs on this device
events: ${WEBHOOK_EVENTS.join(', ')}. Without --shell, PROGRAM runs with ARGs as given (no shell); with --shell, one
string is run by /bin/sh -c. The event's JSON (the webhook body) is on its stdin; KLAXON_EVENT and KLAXON_INCIDENT_ID
are set. Default timeout 10 s (then SIGTERM, then SIGKILL).`;

type Out = (text: string) => void;
export interface ActionsFlags { json: boolean; name?: string; event?: string[]; service?: string[]; timeout?: string; shell: boolean }

export async function actionsCommand(engine: Engine, sub: string | undefined, rest: string[], flags: ActionsFlags, out: Out): Promise<void> {
  const config = localActionConfig(engine);
  const id = () => {
    if (!rest[0]) throw new UsageError(`actions ${sub} needs the action's id (see \`klaxon actions list\`)`);
    return rest[0];
  };
  switch (sub) {
    case 'list': {
      const list = config.list();
      if (flags.json) return out(JSON.stringify(list));
      if (list.length === 0) return out('No local actions on this device.');
      return out(table([['ID', 'NAME', 'EVENTS', 'COMMAND', 'TIMEOUT', 'ON'],
        ...list.map((a) => [a.id, a.name, a.events.join(','), a.shell ? `sh -c ${JSON.stringify(a.command[0])}` : a.command.join(' '), `${a.timeoutSeconds}s`, a.enabled ? 'yes' : 'no'])]));
    }
    case 'add': {
      if (rest.length === 0) throw new UsageError('actions add needs the command after `--`, e.g. -- /usr/local/bin/flash-light red');
      const parsed = CreateLocalAction.safeParse({
        name: flags.name ?? '', command: rest, shell: flags.shell, events: flags.event ?? [],
        serviceIds: (flags.service ?? []).map((s) => serviceRef(engine, s)),
        ...(flags.timeout !== undefined ? { timeoutSeconds: Number(flags.timeout) } : {}),
      });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.') || 'action'}: ${i.message}`).join('; '));
      const a = config.create(parsed.data);
      return out(flags.json ? JSON.stringify(a) : `Added ${a.id} (${a.name}): runs on ${a.events.join(', ')}.`);
    }
    case 'remove': return out(`Removed ${config.delete(id()).id}.`);
    case 'enable': case 'disable': {
      const a = config.update(id(), { enabled: sub === 'enable' });
      return out(`${a.id} ${a.enabled ? 'enabled' : 'disabled'}.`);
    }
    case 'test': {
      const runner = createLocalActionRunner({ engine, clock: engine.clock, log: silentLogger });
      const run = toRun(await runner.test(id()));
      await runner.close();
      if (flags.json) return out(JSON.stringify(run));
      return out([`${run.state}: exit ${run.exitCode ?? run.signal ?? '-'}${run.error ? ` (${run.error})` : ''}, ${run.durationMs} ms`,
        run.stdout ? `stdout:\n${run.stdout.trimEnd()}` : '', run.stderr ? `stderr:\n${run.stderr.trimEnd()}` : ''].filter(Boolean).join('\n'));
    }
    case 'runs': {
      config.get(id());
      const runs = runsOf(engine.store, id(), 20).map(toRun);
      if (flags.json) return out(JSON.stringify(runs));
      if (runs.length === 0) return out('No runs yet.');
      return out(table([['RUN', 'AT', 'EVENT', 'INCIDENT', 'STATE', 'EXIT', 'ERROR'],
        ...runs.map((r) => [String(r.id), r.lastAttemptAt ?? r.createdAt, r.event, r.incidentId ?? '-', r.state, String(r.exitCode ?? r.signal ?? '-'), r.error ?? ''])]));
    }
    default: throw new UsageError(ACTIONS_USAGE);
  }
}
