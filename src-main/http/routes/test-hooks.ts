// Only when the app runs with test hooks (KLAXON_TEST_HOOKS=1): lets a smoke test fast-forward the fake clock, so
// snooze expiry and paging repeats can be tested against the real binary without waiting.
import { z } from 'zod';
import type { FakeClock } from '../../clock.ts';
import type { Router } from '../router.ts';

const Advance = z.object({ ms: z.number().int().min(0).max(366 * 24 * 3600 * 1000) }).strict();

export function testHookRoutes(router: Router, clock: FakeClock): void {
  router.route({
    method: 'POST', url: '/__test/clock/advance', tag: 'Test', access: 'public', hidden: true,
    summary: 'Advance the fake clock by `ms`',
    body: Advance,
    responses: { 200: { description: 'The clock after advancing' } },
    handler({ body }) {
      clock.advance(body.ms);
      return { now: new Date(clock.now()).toISOString() };
    },
  });
}
