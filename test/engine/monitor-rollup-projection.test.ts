// The projection of `monitor.rollup` ops (a real store): each device's part of (monitor, period, start) is the one of
// its op latest by HLC whatever order the ops arrive in, so devices converge; a runner that moved mid-hour leaves a
// part on each device, and the hour reads as their sum; a summary older than 400 days is not kept; a
// malformed peer op projects nothing; and a rollup op never touches the monitor it names.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../src-main/store/database.ts';
import { appendAndProject, emptyTouched } from '../../src-main/engine/projector.ts';
import { readRollups } from '../../src-main/store/monitor-rollups.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import type { Op } from '../../src-shared/domain/ops.ts';
import { tempDir } from '../support/temp-dir.ts';

const H = Date.parse('2026-11-30T10:00:00Z');
const entry = (monitorId: string, up: number) => ({ monitorId, checks: up + 1, up, degraded: 0, down: 1, noDataSeconds: 0, avgMs: 50, p95Ms: 80, histogram: [40, up] });
const rollup = (device: string, seq: number, wallMs: number, startMs: number, monitors: unknown[]): Op => ({
  id: `${device}:${seq}`, hlc: encodeHlc({ wall: wallMs, counter: 0 }), type: 'monitor.rollup',
  entity: `mru_${device}_hour_${startMs}`, data: { period: 'hour', start: new Date(startMs).toISOString(), monitors },
});

function storeWith(t: { after(fn: () => void): void }, ops: Op[], nowMs: number): Store {
  const store = openStore(tempDir(t, 'klaxon-rollups-'), 'normal');
  t.after(() => store.close());
  for (const op of ops) appendAndProject(store, op, nowMs, emptyTouched(), 'remote');
  return store;
}

describe('monitor rollup projection', () => {
  it('a runner that moved mid-hour: each device\'s part is kept and the hour is their sum, in any order of arrival', (t) => {
    // Both devices ran mon_a for part of hour 10: x 10 up + 1 down at 50 ms, y 20 up + 1 down.
    const x = rollup('x', 1, H + 3_700_000, H, [entry('mon_a', 10), entry('mon_b', 7)]);
    const y = rollup('y', 1, H + 3_800_000, H, [{ ...entry('mon_a', 20), avgMs: 110, p95Ms: 300 }]);
    const touched = emptyTouched();
    const one = storeWith(t, [x, y], H + 4_000_000);
    const other = storeWith(t, [y, x], H + 4_000_000);
    for (const store of [one, other]) {
      const rows = readRollups(store, ['mon_a', 'mon_b'], 'hour', H, H + 3_600_000);
      const a = rows.get('mon_a')!;
      assert.equal(a.length, 1, 'one hour, not two');
      assert.deepEqual([a[0]!.checks, a[0]!.up, a[0]!.down], [32, 30, 2], 'both parts counted');
      assert.equal(a[0]!.avgMs, (50 * 11 + 110 * 21) / 32, 'the mean weighted by checks');
      assert.equal(a[0]!.p95Ms, 300, 'the larger p95');
      assert.equal(rows.get('mon_b')?.[0]?.up, 7, 'only x summed mon_b');
    }
    // The same device's newer summary of the same hour replaces its own part only.
    const x2 = rollup('x', 2, H + 3_900_000, H, [entry('mon_a', 12)]);
    const again = storeWith(t, [x2, y, x], H + 4_000_000);
    assert.equal(readRollups(again, ['mon_a'], 'hour', H, H + 3_600_000).get('mon_a')![0]!.up, 32, 'x\'s later part (12) and y\'s (20)');
    assert.equal(appendAndProject(one, rollup('z', 1, H + 3_900_000, H, [entry('mon_a', 1)]), H, touched, 'remote'), true);
    assert.equal(touched.monitors, true, 'the window is told');
    assert.equal(one.db.prepare('SELECT COUNT(*) FROM monitors').pluck().get(), 0, 'no monitor row comes of it');
  });

  it('a lean summary (no histogram, as written now) and one written with a histogram (before) both project', (t) => {
    const { histogram: _h, ...lean } = entry('mon_a', 5);
    const store = storeWith(t, [rollup('x', 1, H + 3_700_000, H, [lean]), rollup('x', 2, H + 7_300_000, H + 3_600_000, [entry('mon_a', 9)])], H + 8_000_000);
    assert.deepEqual(readRollups(store, ['mon_a'], 'hour', H, H + 7_200_000).get('mon_a')?.map((r) => [r.up, r.p95Ms]), [[5, 80], [9, 80]]);
  });

  it('skips summaries older than 400 days and a malformed one', (t) => {
    const old = H - 401 * 24 * 3_600_000;
    const store = storeWith(t, [
      rollup('x', 1, old + 3_700_000, old, [entry('mon_a', 3)]),
      rollup('x', 2, H + 3_700_000, H, [{ monitorId: 'mon_a', checks: -1 }]),
    ], H + 4_000_000);
    assert.equal(store.db.prepare('SELECT COUNT(*) FROM monitor_rollups').pluck().get(), 0);
  });
});
