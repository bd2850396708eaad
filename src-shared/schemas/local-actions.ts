// Local actions (issue 11 §2): a command run on THIS device when an incident event happens (flash a light, play a
// sound), with the event's JSON on stdin. Never replicated: a teammate's command must never run on my laptop, so
// they are stored device-locally and configured only from this machine.
import { z } from 'zod';
import { IsoDateTime } from './common.ts';
import { WEBHOOK_EVENTS } from './webhooks.ts';

export const LOCAL_ACTION_TIMEOUT_DEFAULT_S = 10;
export const LOCAL_ACTION_TIMEOUT_MAX_S = 300;

/** An argument may be empty (`-e ''`); the program may not. */
const Argv = z.array(z.string().max(4096)).min(1).max(64).refine((a) => a.length === 0 || a[0]!.trim() !== '', { error: 'the program (the first item) is empty' });
const Fields = {
  name: z.string().trim().min(1).max(200),
  /** The program and its arguments, run as given (no shell: nothing in it is interpreted). */
  command: Argv,
  /** Run `command[0]` (the only item) through the system shell (`/bin/sh -c`, `cmd.exe /c` on Windows). */
  shell: z.boolean(),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
  /** Empty: every service. */
  serviceIds: z.array(z.string().min(1)).max(100),
  /** After it, SIGTERM; two seconds later, SIGKILL. */
  timeoutSeconds: z.number().int().min(1).max(LOCAL_ACTION_TIMEOUT_MAX_S),
  /** A paused action runs on nothing (its "test" still runs). */
  enabled: z.boolean(),
};
const oneShellLine = (a: { shell?: boolean; command?: string[] }) => !a.shell || a.command === undefined || a.command.length === 1;
const shellError = { error: 'with shell: true, the command is one string (the shell line)', path: ['command'] };

export const CreateLocalAction = z.object({
  ...Fields,
  shell: Fields.shell.optional(),
  serviceIds: Fields.serviceIds.optional(),
  timeoutSeconds: Fields.timeoutSeconds.optional(),
  enabled: Fields.enabled.optional(),
}).strict().refine(oneShellLine, shellError);
export type CreateLocalAction = z.input<typeof CreateLocalAction>;

/** `shell` and `command` are checked together on the action as changed. */
export const UpdateLocalAction = z.object(Fields).partial().strict();
export type UpdateLocalAction = z.input<typeof UpdateLocalAction>;

export const LocalAction = z.object({
  id: z.string(),
  ...Fields,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type LocalAction = z.infer<typeof LocalAction>;

/** One run of a local action, as its log shows it. */
export const LocalActionRun = z.object({
  id: z.number().int(),
  actionId: z.string(),
  /** The event's message id (the op id, or `esc:…` for an escalation by the clock; `test:…` for the test button). */
  messageId: z.string(),
  event: z.string(),
  incidentId: z.string().nullable(),
  /** `skipped`: the event was already old when this device saw it (it was asleep); nothing was run. */
  state: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']),
  attempts: z.number().int(),
  createdAt: IsoDateTime,
  lastAttemptAt: IsoDateTime.nullable(),
  exitCode: z.number().int().nullable(),
  /** The signal that ended it (SIGTERM, SIGKILL at the timeout). */
  signal: z.string().nullable(),
  timedOut: z.boolean(),
  /** Why it did not run or did not finish (the program was not found, the timeout, an old event). */
  error: z.string().nullable(),
  /** The first 16 KB of each. */
  stdout: z.string().nullable(),
  stderr: z.string().nullable(),
  durationMs: z.number().int().nullable(),
});
export type LocalActionRun = z.infer<typeof LocalActionRun>;

export const LocalActionIdParam = z.object({ id: z.string().min(1) });
export const LocalActionRunIdParam = z.object({ id: z.coerce.number().int().positive() });
export const LocalActionResponse = z.object({ action: LocalAction });
export const ListLocalActionsResponse = z.object({ actions: z.array(LocalAction) });
export const LocalActionRunResponse = z.object({ run: LocalActionRun });
export const ListLocalActionRunsResponse = z.object({ runs: z.array(LocalActionRun) });
