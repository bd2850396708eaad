// How one peer's op enters the log: applied in a savepoint, or — when its data breaks the rules, or projecting it
// fails after all — kept aside: stored (the device's seqs stay gapless, and the op is relayed as it came, so its
// author's signed chain still holds) and listed in quarantined_ops, never folded.
import type { Op } from '../../src-shared/domain/ops.ts';
import type { Store } from '../store/database.ts';
import { appendOp } from '../store/op-log.ts';
import { quarantineOp } from '../store/quarantine.ts';
import type { Logger } from '../log.ts';
import { appendAndProject, type Touched } from './projector.ts';

export type IntakeOutcome = 'applied' | 'quarantined' | 'skipped' | 'duplicate';

export interface IntakeContext {
  store: Store;
  log: Logger;
  now(): number;
  /** The batch's running record of what it wrote (replaced at every batch). */
  touched(): Touched;
  /** Whether this op counts in folds (not a revoked device's after its cutoff). */
  counts(op: Op): boolean;
  /** After an op was applied: drop the caches its kind invalidates. */
  applied(op: Op): void;
  /** After a projection failed half-way: drop every cache. */
  failed(): void;
}

export function applyRemoteOp(ctx: IntakeContext, op: Op): IntakeOutcome {
  const touched = ctx.touched();
  const opsBefore = touched.ops.length;
  try {
    const appended = ctx.store.db.transaction(() => appendAndProject(ctx.store, op, ctx.now(), touched, 'remote', undefined, ctx.counts(op)))();
    if (!appended) return 'duplicate';
    ctx.applied(op);
    return 'applied';
  } catch (e) {
    touched.ops.length = opsBefore;
    ctx.failed();
    return keepAside(ctx, op, `could not be applied: ${(e as Error).message}`);
  }
}

export function keepAside(ctx: IntakeContext, op: Op, reason: string): Exclude<IntakeOutcome, 'applied'> {
  const now = ctx.now();
  try {
    const appended = ctx.store.db.transaction(() => {
      if (!appendOp(ctx.store, op, now)) return false;
      quarantineOp(ctx.store, op.id, reason, now);
      return true;
    })();
    if (!appended) return 'duplicate';
  } catch (e) {
    ctx.log.warn(`sync: skipped op ${op.id} (${op.type} on ${op.entity}): it could not even be stored (${(e as Error).message}); kept aside because ${reason}`);
    return 'skipped';
  }
  ctx.touched().ops.push(op);
  ctx.log.warn(`sync: kept op ${op.id} (${op.type} on ${op.entity}) aside, not applied: ${reason}`);
  return 'quarantined';
}

/** What a log line can say about something that is not even an op. */
export function describeRaw(raw: unknown): string {
  const id = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? `id ${JSON.stringify(id.slice(0, 120))}` : 'no id';
}
