// Opens N incidents on a host through its engine, as a storm would (every one a new dedup key), in batches that the
// group commit shares. A quarter each of critical, error, warning and info: half HIGH, half LOW urgency.
import type { TestServer } from '../../test/support/server.ts';

export async function seedOpenIncidents(server: TestServer, n: number, log?: (line: string) => void): Promise<void> {
  const batch = 500;
  const startedAt = Date.now();
  for (let start = 0; start < n; start += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, n - start) }, (_, k) => {
      const i = start + k;
      return server.klaxon.engine.ingestEvent({
        action: 'trigger', routingKey: server.routingKey, dedupKey: `load-${i}`, summary: `Load incident ${i}: disk usage above 90% on host-${i % 400}`,
        source: `host-${i % 400}`, severity: (['critical', 'error', 'warning', 'info'] as const)[i % 4], receivedVia: 'events-api',
      });
    }));
    if (log && (start / batch) % 40 === 39) log(`  ${start + batch} of ${n} seeded (${Math.round((Date.now() - startedAt) / 1000)} s)`);
  }
}
