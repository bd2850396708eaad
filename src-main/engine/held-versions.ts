// What this device holds of each device's ops, as a version vector kept in memory: read on every push to every
// peer, so it must not be a scan of the log. Moved forward by each contiguous append; read from the log again after
// anything else (a gap filled, a rollback, a revocation, another process's writes).
import type { Op } from '../../src-shared/domain/ops.ts';
import { parseOpId } from '../../src-shared/domain/ids.ts';
import type { Store } from '../store/database.ts';
import { versionVector } from '../store/op-log.ts';

export class HeldVersions {
  private readonly store: Store;
  private vv: Map<string, number> | null = null;
  /** Devices with ops held beyond a gap: filling the gap may make later ones contiguous at once. */
  private gapped = new Set<string>();

  constructor(store: Store) {
    this.store = store;
  }

  /** `{deviceId → highest seq up to which every op is held}`. */
  get(): Map<string, number> {
    if (!this.vv) {
      const vv = new Map(Object.entries(versionVector(this.store)));
      const highest = this.store.db.prepare('SELECT device_id AS d, MAX(seq) AS m FROM ops GROUP BY device_id').all() as { d: string; m: number }[];
      this.gapped = new Set(highest.filter((r) => r.m > (vv.get(r.d) ?? 0)).map((r) => r.d));
      this.vv = vv;
    }
    return this.vv;
  }

  appended(op: Op): void {
    if (!this.vv) return;
    const { deviceId, seq } = parseOpId(op.id);
    const held = this.vv.get(deviceId) ?? 0;
    if (held + 1 === seq) {
      if (this.gapped.has(deviceId)) this.vv = null; // read again: the ops after the gap may now count
      else this.vv.set(deviceId, seq);
    } else if (seq > held + 1) this.gapped.add(deviceId);
  }

  forget(): void {
    this.vv = null;
  }
}
