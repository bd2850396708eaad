// Issue 11 §2: what outbound costs an alert storm. With 5,000 incidents open on a service with a two-level escalation
// policy, a batch of 10 triggers is committed, timed until the event loop has run what the batch set off: without
// the webhook and local-action runners; with them listening but owing nothing for a trigger; with every trigger
// delivered (to a receiver in this process answering 204). Also: a start after 5,000 own events were written while no
// runner listened (the crash-gap scan), until it has recorded what it owes.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine } from '../src-main/engine/engine.ts';
import { createWebhookRunner } from '../src-main/outbound/webhook-runner.ts';
import { createLocalActionRunner } from '../src-main/outbound/local-action-runner.ts';
import { localActionConfig } from '../src-main/outbound/local-action-config.ts';
import { FakeClock } from '../src-main/clock.ts';
import { silentLogger } from '../src-main/log.ts';
import { CreateEscalationPolicy } from '../src-shared/schemas/oncall.ts';
import { percentile } from './support/stats.ts';
import type { BenchOptions } from './run.ts';

const OPEN = 5_000;
const BATCH = 10;
const SAMPLES = 30;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const ms = (times: number[], p: number) => Math.round(percentile(times.map((x) => x * 1000), p)) / 1000;

export async function benchOutbound(opts: BenchOptions): Promise<Record<string, number>> {
  const { log } = opts;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'klaxon-bench-outbound-'));
  const clock = new FakeClock(Date.now());
  const engine = createEngine({ dataDir: dir, clock, log: silentLogger, durability: 'normal' });
  const server = http.createServer((req, res) => { req.resume(); req.on('end', () => res.writeHead(204).end()); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  let hooks = createWebhookRunner({ engine, clock, log: silentLogger });
  const actions = createLocalActionRunner({ engine, clock, log: silentLogger });
  try {
    const alice = await engine.createUser('Alice');
    const policy = await engine.createPolicy(CreateEscalationPolicy.parse({ name: 'Storm', levels: [{ delayMinutes: 30, targets: [{ type: 'user', id: alice }] }, { delayMinutes: 30, targets: [{ type: 'user', id: alice }] }] }), 'x');
    const svc = await engine.createService({ name: 'Stormy' });
    await engine.updateService(svc.id, { escalationPolicyId: policy.id });
    let n = 0;
    const batch = (size: number) => Promise.all(Array.from({ length: size }, () => engine.ingestEvent({
      action: 'trigger', routingKey: svc.routingKey, dedupKey: `k${n++}`, summary: `Open incident ${n}`, source: 'bench', severity: 'critical', receivedVia: 'events-api',
    })));
    log(`seeding ${OPEN} open incidents on a service with an escalation policy…`);
    for (let done = 0; done < OPEN; done += 100) await batch(100);
    const timed = async (): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < SAMPLES + 3; i++) {
        const t = performance.now();
        await batch(BATCH);
        await turn();
        await turn();
        if (i >= 3) times.push(performance.now() - t);
      }
      return times;
    };
    const without = await timed();
    // Listening, owing nothing for a trigger (the subscription and the action want other events).
    const quiet = await engine.createWebhook({ url, events: ['resolved', 'escalated'] }, 'user:bench');
    localActionConfig(engine).create({ name: 'Lamp', command: [process.execPath, '-e', ''], events: ['escalated'] });
    hooks.start();
    actions.start();
    await hooks.settled();
    const listening = await timed();
    // Delivering every trigger (to a receiver in this process, which shares its CPU).
    await engine.updateWebhook(quiet.id, { events: ['triggered'] }, 'user:bench');
    const withRunners = await timed();
    await hooks.settled();

    // Start-up after a gap: OPEN more triggers written with no runner listening, then a runner starts and records them.
    await hooks.close();
    for (let done = 0; done < OPEN; done += 100) await batch(100);
    const t = performance.now();
    hooks = createWebhookRunner({ engine, clock, log: silentLogger });
    hooks.start();
    const scanMs = Math.round(performance.now() - t);
    await hooks.settled();

    const figures = {
      outboundBatchWithoutP50Ms: ms(without, 50), outboundBatchListeningP50Ms: ms(listening, 50), outboundBatchListeningP95Ms: ms(listening, 95),
      outboundBatchDeliveringP50Ms: ms(withRunners, 50), outboundBatchDeliveringP95Ms: ms(withRunners, 95),
      outboundStartScanMs: scanMs,
    };
    log(`outbound, a batch of ${BATCH} triggers with ${OPEN}+ open on a service with a policy: without the runners ${figures.outboundBatchWithoutP50Ms} ms; `
      + `listening (a webhook and a local action wanting other events) ${figures.outboundBatchListeningP50Ms} ms (p95 ${figures.outboundBatchListeningP95Ms}); `
      + `delivering each trigger ${figures.outboundBatchDeliveringP50Ms} ms (p95 ${figures.outboundBatchDeliveringP95Ms})`);
    log(`outbound, start after ${OPEN} own events written while it was down: ${scanMs} ms to record their deliveries`);
    return figures;
  } finally {
    await hooks.close();
    await actions.close();
    server.closeAllConnections();
    server.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
