// Device-local local actions and their runs (migration 13). Never replicated, never written as ops: a teammate's
// command must never run on this machine. An action is one JSON document (few, read whole); a run is unique per
// (action, message id), so an event handed over twice (a rescan after a crash) runs once.
import type { Store } from './database.ts';
import { stmt } from './statement-cache.ts';
import type { LocalAction } from '../../src-shared/schemas/local-actions.ts';

/** What is stored of an action: the API shape, with its creation instant in ms (events before it are not its). */
export interface ActionRow { action: LocalAction; createdAtMs: number }

export function listActions(store: Store): ActionRow[] {
  const rows = stmt(store, 'SELECT doc, created_at FROM local_actions ORDER BY created_at, id').all() as { doc: string; created_at: number }[];
  return rows.map((r) => ({ action: JSON.parse(r.doc) as LocalAction, createdAtMs: r.created_at }));
}

export function getAction(store: Store, id: string): ActionRow | null {
  const r = stmt(store, 'SELECT doc, created_at FROM local_actions WHERE id = ?').get(id) as { doc: string; created_at: number } | undefined;
  return r ? { action: JSON.parse(r.doc) as LocalAction, createdAtMs: r.created_at } : null;
}

export function putAction(store: Store, action: LocalAction, createdAtMs: number): void {
  stmt(store, 'INSERT INTO local_actions (id, doc, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc')
    .run(action.id, JSON.stringify(action), createdAtMs);
}

/** Deletes the action and its log. */
export function deleteAction(store: Store, id: string): boolean {
  return store.db.transaction(() => {
    stmt(store, 'DELETE FROM local_action_runs WHERE action_id = ?').run(id);
    return stmt(store, 'DELETE FROM local_actions WHERE id = ?').run(id).changes === 1;
  })();
}

export interface RunRow {
  id: number; action_id: string; message_id: string; event: string; incident_id: string | null; body: string; state: string;
  attempts: number; created_at: number; last_attempt_at: number | null; exit_code: number | null; signal: string | null;
  timed_out: number; error: string | null; stdout: string | null; stderr: string | null; duration_ms: number | null;
}

/** Records a run owed (`pending`), or one not run (`skipped`, with why); null if this event was already recorded. */
export function addRun(store: Store, r: {
  actionId: string; messageId: string; event: string; incidentId: string | null; body: string; nowMs: number; skipped?: string;
}): number | null {
  const res = stmt(store, `INSERT INTO local_action_runs (action_id, message_id, event, incident_id, body, state, attempts, created_at, error)
    VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING`)
    .run(r.actionId, r.messageId, r.event, r.incidentId, r.body, r.skipped ? 'skipped' : 'pending', r.nowMs, r.skipped ?? null);
  return res.changes === 1 ? Number(res.lastInsertRowid) : null;
}

export const runRow = (store: Store, id: number): RunRow | null =>
  (stmt(store, 'SELECT * FROM local_action_runs WHERE id = ?').get(id) as RunRow | undefined) ?? null;

export const pendingRuns = (store: Store): RunRow[] =>
  stmt(store, "SELECT * FROM local_action_runs WHERE state = 'pending' ORDER BY id").all() as RunRow[];

/** An action's runs, newest first. */
export const runsOf = (store: Store, actionId: string, limit: number): RunRow[] =>
  stmt(store, 'SELECT * FROM local_action_runs WHERE action_id = ? ORDER BY id DESC LIMIT ?').all(actionId, limit) as RunRow[];

/**
 * A run begins, if it is still pending: false when another process (the CLI's test beside `serve`) took it first.
 * If Klaxon stops before its outcome is recorded, it is not run again (failInterruptedRuns).
 */
export function claimRun(store: Store, id: number): boolean {
  return stmt(store, "UPDATE local_action_runs SET state = 'running' WHERE id = ? AND state = 'pending'").run(id).changes === 1;
}

/** At start: runs a stop cut short are recorded failed — a command that may have half run is not run twice. */
export function failInterruptedRuns(store: Store, nowMs: number): void {
  stmt(store, `UPDATE local_action_runs SET state = 'failed', attempts = attempts + 1, last_attempt_at = ?,
    error = 'Klaxon stopped while it ran' WHERE state = 'running'`).run(nowMs);
}

/** "Run again": pending once more. */
export function rerunRun(store: Store, id: number): boolean {
  return stmt(store, "UPDATE local_action_runs SET state = 'pending' WHERE id = ? AND state <> 'running'").run(id).changes === 1;
}

export interface RunOutcome {
  state: 'succeeded' | 'failed'; atMs: number; exitCode: number | null; signal: string | null; timedOut: boolean;
  error: string | null; stdout: string; stderr: string; durationMs: number;
}

export function recordRun(store: Store, id: number, o: RunOutcome): void {
  stmt(store, `UPDATE local_action_runs SET state = ?, attempts = attempts + 1, last_attempt_at = ?, exit_code = ?, signal = ?,
    timed_out = ?, error = ?, stdout = ?, stderr = ?, duration_ms = ? WHERE id = ?`)
    .run(o.state, o.atMs, o.exitCode, o.signal, o.timedOut ? 1 : 0, o.error, o.stdout, o.stderr, o.durationMs, id);
}
