// Hands an outbound runner every op it may owe something for, exactly as if it had been listening all along —
// including the ops committed while it was not: a crash between an op's commit and the runner recording what it
// owes, a stop, another process (the CLI) writing to the same data dir. It keeps a checkpoint per device (device-
// local meta): the highest seq up to which every op was handed over; at start, and when another process wrote, it
// hands over the ops after it. Handing an op over twice is harmless (what runners record is unique per message id),
// so the checkpoint may lag behind: it is saved when something was owed, and at close.
import { parseOpId } from '../../src-shared/domain/ids.ts';
import type { Op } from '../../src-shared/domain/ops.ts';
import type { Engine } from '../engine/types.ts';
import { getMeta, setMeta } from '../store/meta.ts';

const PAGE = 1000;

export interface OpFeed { start(): void; close(): void }

export function createOpFeed(p: {
  engine: Engine;
  /** The meta key of this feed's checkpoint. */
  key: string;
  /** `own`: only this device's ops (webhooks); `all`: every device's (local actions). */
  devices: 'own' | 'all';
  /** Records what is owed for these ops; answers whether anything was. */
  onOps: (ops: Op[]) => boolean;
}): OpFeed {
  const { engine } = p;
  const store = engine.store;
  let checkpoint: Record<string, number> = {};
  let dirty = false;
  let unsubscribe: (() => void) | null = null;

  const save = () => { setMeta(store, p.key, JSON.stringify(checkpoint)); dirty = false; };
  const devices = () => (p.devices === 'own' ? [engine.deviceId] : Object.keys(engine.versionVector()));

  /** Moves each device's checkpoint along the seqs handed over without a gap (one past a gap is handed over again). */
  const advance = (ops: readonly Op[]) => {
    const seqs = ops.map((o) => parseOpId(o.id)).sort((a, b) => a.seq - b.seq);
    for (const { deviceId, seq } of seqs) {
      if (seq === (checkpoint[deviceId] ?? 0) + 1) { checkpoint[deviceId] = seq; dirty = true; }
    }
  };

  const hand = (ops: Op[]) => {
    const wanted = p.devices === 'own' ? ops.filter((o) => parseOpId(o.id).deviceId === engine.deviceId) : ops;
    const owed = wanted.length > 0 && p.onOps(wanted);
    advance(wanted);
    if (owed) save();
  };

  const scan = () => {
    for (const device of devices()) {
      for (;;) {
        const ops = engine.opsSince(device, checkpoint[device] ?? 0, PAGE);
        if (ops.length === 0) break;
        hand(ops);
        // A gap in what is held stops the walk here; the rest comes through the change feed.
        const last = parseOpId(ops[ops.length - 1]!.id).seq;
        if ((checkpoint[device] ?? 0) < last || ops.length < PAGE) break;
      }
    }
    if (dirty) save();
  };

  return {
    start() {
      const saved = getMeta(store, p.key);
      if (saved === undefined) {
        // The first start with this feed: what was written before it is history, owed nothing.
        checkpoint = Object.fromEntries(devices().map((d) => [d, engine.contiguousSeq(d)]));
        save();
      } else checkpoint = JSON.parse(saved) as Record<string, number>;
      scan();
      unsubscribe = engine.onChange((c) => (c.fromOtherProcess ? scan() : hand(c.ops)));
    },
    close() {
      unsubscribe?.();
      unsubscribe = null;
      // Best effort: a checkpoint not saved only means those ops are handed over again at the next start.
      try { if (dirty) save(); } catch { /* the database is already closed */ }
    },
  };
}
