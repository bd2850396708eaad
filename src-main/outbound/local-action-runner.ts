// Runs local actions: for every incident event this device sees (any teammate's op, and escalations the clock makes)
// each enabled action that wants it runs once on this device — a local action is about this machine (flash MY light
// when the team is paged). Once per event per device also across restarts: a run is recorded (unique per action and
// message id) before it starts, op-feed.ts hands over the ops committed while Klaxon was down, and a run cut short by
// a stop is recorded failed, not run twice. Only events from after the action was made; an event already older than
// STALE_MS when this device sees it (it was asleep) is logged as skipped: a sound for last night's page helps nobody.
import { newId } from '../../src-shared/domain/ids.ts';
import { webhookWants } from '../../src-shared/domain/webhooks/fold.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import type { LocalAction } from '../../src-shared/schemas/local-actions.ts';
import type { Engine } from '../engine/types.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import {
  addRun, claimRun, failInterruptedRuns, getAction, listActions, pendingRuns, recordRun, rerunRun, runRow, type RunRow,
} from '../store/local-actions.ts';
import { eventsOfOps, messageOf, type OutboundEvent } from './outbound-events.ts';
import { createOpFeed } from './op-feed.ts';
import { createClockEscalations } from './clock-escalations.ts';
import { runCommand } from './run-command.ts';

export const STALE_MS = 15 * 60_000;
/** Commands running at once; more wait their turn (an alert storm must not start a thousand processes). */
const MAX_RUNNING = 4;

export interface LocalActionRunner {
  start(): void;
  /** The test button: runs the action now with a `local_action.test` message; answers the run once it ended. */
  test(actionId: string): Promise<RunRow>;
  /** "Run again": runs a logged run's event again now; answers it once it ended. */
  rerun(runId: number): Promise<RunRow>;
  /** Resolves once no command is running or waiting. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function createLocalActionRunner(opts: { engine: Engine; clock: Clock; log: Logger }): LocalActionRunner {
  const { engine, clock, log } = opts;
  const store = engine.store;
  const running = new Map<number, Promise<void>>();
  const waiting: number[] = [];
  const waiters = new Map<number, () => void>();
  let closed = false;
  const stopping = new AbortController();

  const enabled = () => listActions(store).filter((r) => r.action.enabled);

  const owe = (events: readonly OutboundEvent[]): boolean => {
    const actions = enabled();
    if (actions.length === 0) return false;
    const now = clock.now();
    for (const e of events) {
      for (const { action, createdAtMs } of actions) {
        if (e.atMs < createdAtMs || !webhookWants({ ...action, deleted: false }, e.event, e.incident.service.id)) continue;
        const age = now - e.atMs;
        addRun(store, {
          actionId: action.id, messageId: e.messageId, event: e.event, incidentId: e.incident.id, body: JSON.stringify(messageOf(e)), nowMs: now,
          ...(age > STALE_MS ? { skipped: `not run: the event was ${Math.round(age / 60_000)} min old when this device saw it` } : {}),
        });
      }
    }
    pump();
    return true;
  };
  // No action: nothing is read (the feed runs on every commit, an alert storm's too).
  const feed = createOpFeed({ engine, key: 'outbound_local_actions_checkpoint', devices: 'all', onOps: (ops) => enabled().length > 0 && owe(eventsOfOps(engine, ops)) });
  const escalations = createClockEscalations({ engine, clock, log, emit: owe, wanted: () => enabled().length > 0 });

  const execute = async (row: RunRow, action: LocalAction | null): Promise<void> => {
    const atMs = clock.now();
    if (!action) {
      recordRun(store, row.id, { state: 'failed', atMs, exitCode: null, signal: null, timedOut: false, error: 'the action was deleted', stdout: '', stderr: '', durationMs: 0 });
      return;
    }
    const r = await runCommand({
      command: action.command, shell: action.shell, stdin: row.body, timeoutMs: action.timeoutSeconds * 1000,
      env: { KLAXON_EVENT: row.event, KLAXON_INCIDENT_ID: row.incident_id ?? '', KLAXON_MESSAGE_ID: row.message_id },
      signal: stopping.signal,
    });
    const ok = r.exitCode === 0 && r.error === null;
    recordRun(store, row.id, { state: ok ? 'succeeded' : 'failed', atMs, ...r });
    if (!ok) log.warn(`local action ${action.name}: ${r.error ?? `exit ${r.exitCode ?? r.signal}`}`);
  };

  /** Starts waiting runs while fewer than MAX_RUNNING run. */
  function drain(): void {
    while (!closed && running.size < MAX_RUNNING && waiting.length > 0) {
      const id = waiting.shift()!;
      const row = runRow(store, id);
      if (!row || !claimRun(store, id)) { waiters.get(id)?.(); waiters.delete(id); continue; }
      const p = execute(row, getAction(store, row.action_id)?.action ?? null)
        .catch((e: unknown) => log.error(`local action run ${id}: ${String(e)}`))
        .finally(() => { running.delete(id); waiters.get(id)?.(); waiters.delete(id); drain(); });
      running.set(id, p);
    }
  }

  function pump(): void {
    if (closed) return;
    for (const row of pendingRuns(store)) if (!running.has(row.id) && !waiting.includes(row.id)) waiting.push(row.id);
    drain();
  }

  /** Runs this one now (not the other pending ones: the CLI's test must not run what `serve` owes). */
  const ended = (id: number): Promise<RunRow> => new Promise((resolve) => {
    waiters.set(id, () => resolve(runRow(store, id)!));
    if (!running.has(id) && !waiting.includes(id)) waiting.push(id);
    drain();
  });

  return {
    start() {
      failInterruptedRuns(store, clock.now());
      feed.start();
      escalations.start();
      pump();
    },
    async test(actionId) {
      const r = getAction(store, actionId);
      if (!r) throw new KlaxonError('NOT_FOUND', `Local action ${actionId} not found`);
      const now = clock.now();
      const body = JSON.stringify({ type: 'local_action.test', timestamp: new Date(now).toISOString(), data: { incident: null, by: null } });
      const id = addRun(store, { actionId, messageId: `test:${newId('msg', now)}`, event: 'test', incidentId: null, body, nowMs: now })!;
      return ended(id);
    },
    async rerun(runId) {
      if (!runRow(store, runId)) throw new KlaxonError('NOT_FOUND', `Run ${runId} not found`);
      if (!rerunRun(store, runId)) throw new KlaxonError('CONFLICT', `Run ${runId} is running`);
      return ended(runId);
    },
    async settled() {
      while (!closed && (running.size > 0 || waiting.length > 0)) await Promise.all([...running.values()]);
    },
    async close() {
      closed = true;
      feed.close();
      escalations.close();
      // Running commands are stopped (SIGTERM, then SIGKILL) and recorded failed; waiting ones run at the next start.
      stopping.abort();
      await Promise.all([...running.values()]);
    },
  };
}
