// A data dir whose op log holds a long history, written quickly: through the engine in this process (durability
// normal: this is set-up, not a figure), a thousand commands per group commit. Each incident gets the life a real
// one has: a trigger, repeats of the same alert, an acknowledgement and a resolve — one op each.
import { createEngine } from '../../src-main/engine/engine.ts';
import { systemClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';

const BATCH = 1000;

/** Returns how many ops the log holds afterwards (the history plus what `klaxon init` wrote). */
export async function seedIncidentHistory(dataDir: string, incidents: number, repeats: number): Promise<number> {
  const engine = createEngine({ dataDir, clock: systemClock, log: silentLogger, durability: 'normal' });
  try {
    const { routingKey } = engine.listServices()[0]!;
    const event = (action: 'trigger' | 'acknowledge' | 'resolve', i: number) => engine.ingestEvent({
      action, routingKey, dedupKey: `history-${i}`, summary: `History ${i}: disk usage above 90% on host-${i % 400}`,
      source: `host-${i % 400}`, severity: (['critical', 'error', 'warning', 'info'] as const)[i % 4], receivedVia: 'events-api',
    });
    const round = (from: number, to: number, action: 'trigger' | 'acknowledge' | 'resolve') =>
      Promise.all(Array.from({ length: to - from }, (_, k) => event(action, from + k)));
    for (let from = 0; from < incidents; from += BATCH) {
      const to = Math.min(incidents, from + BATCH);
      await round(from, to, 'trigger');
      for (let r = 0; r < repeats; r++) await round(from, to, 'trigger');
      await round(from, to, 'acknowledge');
      await round(from, to, 'resolve');
    }
    const total = engine.listIncidents({ limit: 1 }).total;
    if (total !== incidents) throw new Error(`seeded ${total} incidents, wanted ${incidents}`);
    return Object.values(engine.versionVector()).reduce((n, s) => n + s, 0);
  } finally {
    await engine.close();
  }
}
