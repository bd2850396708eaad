// The alert-storm rule: more than STORM_THRESHOLD incidents opened within STORM_WINDOW_MS, summed over services.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStorm, stormOf, stormWindowStart, STORM_THRESHOLD, STORM_WINDOW_MS } from '../../src-shared/domain/storm.ts';

const names: Record<string, string> = { svc_db: 'Database', svc_cache: 'Cache', svc_web: 'Web' };
const name = (id: string) => names[id] ?? id;

test('up to the threshold is no storm; one more is, counted over every service', () => {
  assert.equal(isStorm(STORM_THRESHOLD), false);
  assert.equal(isStorm(STORM_THRESHOLD + 1), true);
  assert.equal(stormOf([{ serviceId: 'svc_db', count: STORM_THRESHOLD }], name), null);
  const storm = stormOf([{ serviceId: 'svc_web', count: 1 }, { serviceId: 'svc_db', count: 15 }, { serviceId: 'svc_cache', count: 5 }], name);
  assert.deepEqual(storm, {
    count: 21, windowMinutes: 5,
    services: [{ id: 'svc_db', name: 'Database', count: 15 }, { id: 'svc_cache', name: 'Cache', count: 5 }, { id: 'svc_web', name: 'Web', count: 1 }],
  });
});

test('the window is the last five minutes', () => {
  assert.equal(STORM_WINDOW_MS, 5 * 60_000);
  assert.equal(stormWindowStart(Date.parse('2026-01-01T10:05:00Z')), Date.parse('2026-01-01T10:00:00Z'));
});
