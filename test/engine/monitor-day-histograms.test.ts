// Where a day's p95 comes from on the runner (a real engine): an hour's histogram is kept on this device with its
// rollup op, which carries none; a day is summed from the kept histograms, or from one an op written by an older
// version carries; with neither, the hours' p95s weighted by their timed checks.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src-main/engine/engine.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';
import { mergeEntries, rollupEntity, summarizePeriod, HOUR_MS } from '../../src-shared/domain/monitors/rollup.ts';
import { tempDir } from '../support/temp-dir.ts';

const H = Date.parse('2026-11-30T10:00:00Z');

it('an hour\'s histogram stays on the runner; the day is summed from it, from an older op\'s, or else from the hours\' p95s', async (t) => {
  const engine = createEngine({ dataDir: tempDir(t), clock: new FakeClock(H + HOUR_MS), log: silentLogger });
  t.after(() => engine.close());
  // 40 checks: 37 at 100 ms and 3 at 2000 ms: the exact p95 (the 38th) is 2000 ms.
  const checks = Array.from({ length: 40 }, (_, i) => ({ atMs: H + i * 60_000, outcome: 'up' as const, responseMs: i < 37 ? 100 : 2000 }));
  const hour = summarizePeriod('mon_a', checks, H, H + HOUR_MS, null);
  await engine.commitRollup('hour', H, H + HOUR_MS, [hour]);
  const op = engine.store.db.prepare('SELECT data FROM ops WHERE entity = ?').pluck().get(rollupEntity(engine.deviceId, 'hour', H)) as string;
  assert.doesNotMatch(op, /histogram/, 'the replicated op carries no histogram');
  const dayOf = () => mergeEntries('mon_a', engine.ownHourlyRollups(H, H + HOUR_MS).flat());
  assert.ok(Math.abs(dayOf().p95Ms! - 2000) <= 100, `from the kept histogram: ${dayOf().p95Ms}`);

  // An op an older version wrote carries its histogram, and nothing was kept locally then.
  engine.store.db.prepare('DELETE FROM monitor_hour_histograms').run();
  const old = JSON.parse(op) as { monitors: Record<string, unknown>[] };
  old.monitors[0]!.histogram = hour.histogram;
  engine.store.db.prepare('UPDATE ops SET data = ? WHERE entity = ?').run(JSON.stringify(old), rollupEntity(engine.deviceId, 'hour', H));
  assert.ok(Math.abs(dayOf().p95Ms! - 2000) <= 100, `from the older op's histogram: ${dayOf().p95Ms}`);

  // Neither: the hour's exact p95 (its only hour) stands for the day.
  engine.store.db.prepare('UPDATE ops SET data = ? WHERE entity = ?').run(op, rollupEntity(engine.deviceId, 'hour', H));
  assert.equal(dayOf().p95Ms, 2000);
  assert.equal(dayOf().avgMs, 242.5);
});
