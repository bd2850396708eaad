// Issue 9: what on-call costs where it runs most often, each figure a ratio against a baseline measured in the same
// run (and the absolute milliseconds).
//   (a) The pager's plan: `engine.pagingFor` over every open incident, as the pager calls it on every plan, with 1,000
//       and 10,000 open incidents on a service whose two-level policy pages a person, then a schedule (an hourly
//       rotation restricted to office hours, over a 24/7 daily layer), against the same number of incidents on a
//       service without a policy (ratio = policy / no policy). The incidents were triggered over the last 24 hours,
//       so their escalation anchors fall in many different spells. "Warm" is a plan after another (the schedule
//       lookup remembers the spells it computed); "cold" is the first plan after a schedule changed. The same again
//       with a policy whose level 1 is a schedule of one person (no handoff for months: the worst case of the
//       lookup, whose spells around each anchor reach the 90-day horizon).
//   (b) The schedule rules: `shiftsBetween` over two weeks of 3 hourly layers (with restrictions) and over a year of a
//       daily rotation, against formatting each shift's start and end as ISO text (what answering them costs at the
//       least: 2 Date→ISO per shift); and `engine.onCallNow` with 10 schedules and 5 policies, against a JSON round
//       trip of its answer (what the bridge does with it); and `onCallAt` on a schedule that has kept 2,000 overrides,
//       one a day, against the same schedule without them.
//   (c) The escalation walk at its bounds (20 levels, 9 repeats): `pagingTargets` with every level empty, and a day
//       into 20 one-minute levels of a rotating schedule (the 200-step walk, the longest a policy makes), against a
//       one-level policy answered at once.
//   (d) The timed decisions (bench/oncall-decisions.ts): a batch of triggers with 5,000 incidents open on a service
//       with auto-resolve, with the runner listening, against the same batch without it.
// Standalone: `scripts/with-node24 node bench/oncall.ts [--json] [--samples N]`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createEngine } from '../src-main/engine/engine.ts';
import type { Engine } from '../src-main/engine/types.ts';
import { FakeClock } from '../src-main/clock.ts';
import { silentLogger } from '../src-main/log.ts';
import { CreateEscalationPolicy, CreateSchedule, Layer, type LayerInput } from '../src-shared/schemas/oncall.ts';
import { onCallAt, shiftsBetween, type ScheduleRules } from '../src-shared/domain/oncall/schedule.ts';
import { pagingTargets, type EscalationIncident, type ScheduleLookup } from '../src-shared/domain/oncall/escalation.ts';
import type { EscalationPolicy } from '../src-shared/schemas/oncall.ts';
import type { IncidentState } from '../src-shared/domain/incident-fold.ts';
import { percentile } from './support/stats.ts';
import { benchDecisions } from './oncall-decisions.ts';

export interface OnCallBenchOptions { log?: (line: string) => void; json?: boolean; samples?: number; incidents?: number[] }

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.parse('2026-03-02T06:00:00Z'); // a Monday morning in Chicago; DST starts on the 8th
const ZONE = 'America/Chicago';

/** p50 and p95 in ms of `fn` over `samples` runs, after 3 unmeasured ones (`before` runs untimed ahead of each). */
function time(fn: () => unknown, samples: number, before?: () => void): { p50: number; p95: number } {
  const times: number[] = [];
  for (let i = 0; i < samples + 3; i++) {
    before?.();
    const t = performance.now();
    fn();
    if (i >= 3) times.push(performance.now() - t);
  }
  const ms = (p: number) => toMicro(percentile(times.map((x) => x * 1000), p));
  return { p50: ms(50), p95: ms(95) };
}
/** Microseconds (as percentile() gives them, to 0.1) back to ms, to the microsecond. */
const toMicro = (us: number) => Math.round(us) / 1000;
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10) / 10 : NaN);

const officeHours = { type: 'daily', startTime: '09:00', durationMinutes: 8 * 60 } as const;

interface Services { paged: string; solo: string; plain: string; scheduleId: string; soloScheduleId: string }

/**
 * The people, a schedule (24/7 daily layer under an hourly office-hours one) and the two-level policy of (a); a
 * one-person weekly schedule as level 1 of a second policy; and a service without a policy.
 */
async function pagedServices(engine: Engine): Promise<Services> {
  const people = await Promise.all(['Alice', 'Bob', 'Carol', 'Dan', 'Erin'].map((n) => engine.createUser(n)));
  const schedule = await engine.createSchedule(CreateSchedule.parse({
    name: 'Primary', timeZone: ZONE, layers: [
      { start: '2026-02-02T09:00', rotation: 'daily', userIds: people.slice(0, 3) },
      { start: '2026-02-02T09:00', rotation: 'hourly', userIds: people.slice(2), restrictions: [officeHours] },
    ],
  }), 'user:bench');
  const policy = await engine.createPolicy(CreateEscalationPolicy.parse({
    name: 'Web', repeat: 2,
    levels: [{ delayMinutes: 5, targets: [{ type: 'user', id: people[0]! }] }, { delayMinutes: 10, targets: [{ type: 'schedule', id: schedule.id }] }],
  }), 'user:bench');
  const paged = await engine.createService({ name: 'Paged' });
  await engine.updateService(paged.id, { escalationPolicyId: policy.id });
  const solo = await engine.createSchedule(CreateSchedule.parse({
    name: 'Solo', timeZone: ZONE, layers: [{ start: '2026-02-02T09:00', rotation: 'weekly', userIds: [people[4]!] }],
  }), 'user:bench');
  const soloPolicy = await engine.createPolicy(CreateEscalationPolicy.parse({
    name: 'Solo', repeat: 2,
    levels: [{ delayMinutes: 5, targets: [{ type: 'schedule', id: solo.id }] }, { delayMinutes: 10, targets: [{ type: 'user', id: people[0]! }] }],
  }), 'user:bench');
  const soloService = await engine.createService({ name: 'Solo' });
  await engine.updateService(soloService.id, { escalationPolicyId: soloPolicy.id });
  const plain = await engine.createService({ name: 'Plain' });
  return { paged: paged.id, solo: soloService.id, plain: plain.id, scheduleId: schedule.id, soloScheduleId: solo.id };
}

/** `n` open incidents on each service, triggered in 400 steps over the 24 hours before the clock's now. */
async function seed(engine: Engine, clock: FakeClock, services: string[], n: number): Promise<void> {
  const routing = new Map(engine.listServices().map((s) => [s.id, s.routingKey]));
  const steps = 400;
  const per = Math.ceil(n / steps);
  for (let done = 0; done < n; done += per) {
    const k = Math.min(per, n - done);
    await Promise.all(services.flatMap((svc) => Array.from({ length: k }, (_, i) => engine.ingestEvent({
      action: 'trigger', routingKey: routing.get(svc)!, dedupKey: `${svc}-${done + i}`, summary: `Open incident ${done + i}`,
      source: 'bench', severity: 'critical', receivedVia: 'events-api',
    }))));
    clock.advance(DAY / steps);
  }
}

async function benchPlans(log: (l: string) => void, samples: number, sizes: number[], figures: Record<string, number>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'klaxon-bench-oncall-'));
  const clock = new FakeClock(START);
  const engine = createEngine({ dataDir: dir, clock, log: silentLogger, durability: 'normal' });
  try {
    const services = await pagedServices(engine);
    const most = Math.max(...sizes);
    log(`seeding ${most} open incidents on each of three services over 24 hours…`);
    const seedStart = performance.now();
    await seed(engine, clock, [services.paged, services.solo, services.plain], most);
    log(`  seeded in ${Math.round(performance.now() - seedStart)} ms`);
    const open = engine.openIncidentStates();
    const on = (svc: string) => open.filter((s) => s.serviceId === svc);
    const now = clock.now();
    const plain = on(services.plain);
    const cases = [
      { key: 'Policy', label: 'policy', states: on(services.paged), scheduleId: services.scheduleId },
      { key: 'Solo', label: 'one-person schedule at level 1', states: on(services.solo), scheduleId: services.soloScheduleId },
    ];
    for (const c of [...cases.map((x) => x.states), plain]) if (c.length < most) throw new Error(`seeded ${c.length} open incidents, not ${most}`);
    for (const c of cases) {
      const levels = new Map<string, number>();
      for (const s of c.states) { const e = engine.pagingFor(s, now).escalation; const k = e ? `level ${e.level}, round ${e.loop + 1}` : 'none'; levels.set(k, (levels.get(k) ?? 0) + 1); }
      log(`  where their escalation stands now (${c.label}): ${[...levels].map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    }
    const plan = (states: readonly IncidentState[]) => () => { for (const s of states) engine.pagingFor(s, now); };
    let edits = 0;
    for (const n of sizes) {
      const none = time(plan(plain.slice(0, n)), samples);
      figures[`plan${n}NoPolicyP50Ms`] = none.p50;
      for (const c of cases) {
        const warm = time(plan(c.states.slice(0, n)), samples);
        const cold: number[] = [];
        for (let i = 0; i < samples; i++) {
          // An on-call op drops the held schedules, and with them the lookup's remembered spells.
          await engine.updateSchedule(c.scheduleId, { description: `edit ${++edits}` }, 'user:bench');
          const t = performance.now();
          plan(c.states.slice(0, n))();
          cold.push(performance.now() - t);
        }
        const coldP50 = toMicro(percentile(cold.map((x) => x * 1000), 50));
        const k = `plan${n}${c.key}`;
        Object.assign(figures, {
          [`${k}WarmP50Ms`]: warm.p50, [`${k}WarmP95Ms`]: warm.p95, [`${k}ColdP50Ms`]: coldP50,
          [`${k}WarmRatio`]: ratio(warm.p50, none.p50), [`${k}ColdRatio`]: ratio(coldP50, none.p50),
        });
        log(`pager plan, ${n} open incidents, ${c.label}: no policy ${none.p50} ms; warm ${warm.p50} ms (p95 ${warm.p95}, ×${figures[`${k}WarmRatio`]}), `
          + `cold ${coldP50} ms (×${figures[`${k}ColdRatio`]})`);
      }
    }
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function rules(layers: LayerInput[]): ScheduleRules {
  return { timeZone: ZONE, layers: layers.map((l) => Layer.parse(l)), overrides: [] };
}

/** The cost of shiftsBetween, against formatting the answer's instants (2 Date→ISO per shift). */
function benchShifts(log: (l: string) => void, samples: number, figures: Record<string, number>, key: string, s: ScheduleRules, fromMs: number, toMs: number): void {
  const count = shiftsBetween(s, fromMs, toMs).length;
  samples *= 10; // well under a millisecond each: more runs for a steady median
  const rules = time(() => shiftsBetween(s, fromMs, toMs), samples);
  const instants = Array.from({ length: 2 * count }, (_, i) => fromMs + i * MIN);
  const format = time(() => { for (const t of instants) new Date(t).toISOString(); }, samples);
  Object.assign(figures, { [`${key}Shifts`]: count, [`${key}P50Ms`]: rules.p50, [`${key}BaselineP50Ms`]: format.p50, [`${key}Ratio`]: ratio(rules.p50, format.p50) });
  log(`shiftsBetween ${key}: ${count} shifts in ${rules.p50} ms (p95 ${rules.p95}); ${2 * count} Date→ISO ${format.p50} ms; ×${figures[`${key}Ratio`]}`);
}

/** `onCallAt` now on a schedule that kept 2,000 overrides, one a day up to yesterday, against the same schedule without them. */
function benchOverrides(log: (l: string) => void, samples: number, figures: Record<string, number>, at: number): void {
  const base = rules([
    { start: '2026-02-02T09:00', rotation: 'daily', userIds: ['a', 'b', 'c'] },
    { start: '2026-02-02T09:00', rotation: 'hourly', userIds: ['d', 'e'], restrictions: [officeHours] },
  ]);
  const overrides = Array.from({ length: 2000 }, (_, i) => {
    const end = at - i * DAY - 12 * HOUR;
    return { id: `ovr_${String(i).padStart(5, '0')}`, userId: 'f', start: new Date(end - 4 * HOUR).toISOString(), end: new Date(end).toISOString(), createdAt: new Date(end - DAY).toISOString(), createdBy: 'user:bench' };
  });
  const kept = { ...base, overrides };
  samples *= 10;
  const without = time(() => onCallAt(base, at), samples);
  const withOld = time(() => onCallAt(kept, at), samples);
  Object.assign(figures, { overrides2000P50Ms: withOld.p50, overridesNoneP50Ms: without.p50, overrides2000Ratio: ratio(withOld.p50, without.p50) });
  log(`onCallAt with 2,000 overrides kept (one a day): ${withOld.p50} ms (p95 ${withOld.p95}); without them ${without.p50} ms; ×${figures.overrides2000Ratio}`);
}

async function benchOnCallNow(log: (l: string) => void, samples: number, figures: Record<string, number>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'klaxon-bench-oncall-now-'));
  const clock = new FakeClock(START);
  const engine = createEngine({ dataDir: dir, clock, log: silentLogger, durability: 'normal' });
  try {
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => engine.createUser(`Person ${i + 1}`)));
    const rotations = ['hourly', 'daily', 'weekly'] as const;
    const schedules = [];
    for (let i = 0; i < 10; i++) {
      schedules.push(await engine.createSchedule(CreateSchedule.parse({
        name: `Schedule ${i + 1}`, timeZone: ['America/Chicago', 'Europe/Berlin', 'Asia/Kolkata'][i % 3], layers: [
          { start: '2026-02-02T09:00', rotation: rotations[i % 3], userIds: people.slice(i % 6, (i % 6) + 4) },
          { start: '2026-02-02T09:00', rotation: 'hourly', userIds: people.slice(6), restrictions: [officeHours] },
        ],
      }), 'user:bench'));
    }
    for (let i = 0; i < 5; i++) {
      await engine.createPolicy(CreateEscalationPolicy.parse({
        name: `Policy ${i + 1}`, levels: [
          { delayMinutes: 5, targets: [{ type: 'schedule', id: schedules[2 * i]!.id }] },
          { delayMinutes: 10, targets: [{ type: 'schedule', id: schedules[2 * i + 1]!.id }, { type: 'user', id: people[i]! }] },
        ],
      }), 'user:bench');
    }
    const at = clock.now();
    const answer = engine.onCallNow(at);
    samples *= 10;
    const now = time(() => engine.onCallNow(at), samples);
    const roundTrip = time(() => JSON.parse(JSON.stringify(answer)), samples);
    Object.assign(figures, { onCallNowP50Ms: now.p50, onCallNowBaselineP50Ms: roundTrip.p50, onCallNowRatio: ratio(now.p50, roundTrip.p50) });
    log(`onCallNow, 10 schedules and 5 policies: ${now.p50} ms (p95 ${now.p95}); JSON round trip of the answer ${roundTrip.p50} ms; ×${figures.onCallNowRatio}`);
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** (c): the walk's worst cases against a one-level policy, over a fake schedule that costs nothing to ask. */
function benchWalk(log: (l: string) => void, samples: number, figures: Record<string, number>): void {
  const policy = (levels: number, repeat: number): EscalationPolicy => ({
    id: 'pol_bench', name: 'P', description: null, createdAt: new Date(START).toISOString(), updatedAt: new Date(START).toISOString(), repeat,
    levels: Array.from({ length: levels }, () => ({ delayMinutes: 1, targets: [{ type: 'schedule' as const, id: 'sch_bench' }] })),
  });
  const rotating = (pattern: (string | null)[]): ScheduleLookup => ({
    onCallAt: (_id, atMs) => {
      const turn = Math.floor((atMs - START) / (7 * MIN));
      return { userId: pattern[turn % pattern.length]!, end: START + (turn + 1) * 7 * MIN };
    },
  });
  const incident: EscalationIncident = { status: 'triggered', snoozedUntil: null, triggeredAt: new Date(START).toISOString(), escalationLevel: 0, mergedInto: null, urgency: 'HIGH' };
  const at = START + DAY;
  const runs = 1000;
  const many = (p: EscalationPolicy, l: ScheduleLookup) => () => { for (let i = 0; i < runs; i++) pagingTargets(incident, p, l, at + i); };
  const people = rotating(['a', 'b', 'c']);
  const one = time(many(policy(1, 0), people), samples);
  const empty = time(many(policy(20, 9), rotating([null])), samples);
  const longest = time(many(policy(20, 9), people), samples);
  const perCall = (ms: number) => Math.round((ms / runs) * 1e6) / 1e3; // µs
  Object.assign(figures, {
    walkOneLevelUs: perCall(one.p50), walkEmptyUs: perCall(empty.p50), walkLongestUs: perCall(longest.p50),
    walkEmptyRatio: ratio(empty.p50, one.p50), walkLongestRatio: ratio(longest.p50, one.p50),
  });
  log(`pagingTargets a call: one level ${figures.walkOneLevelUs} µs; 20 empty levels, 9 repeats ${figures.walkEmptyUs} µs (×${figures.walkEmptyRatio}); `
    + `the 200-step walk ${figures.walkLongestUs} µs (×${figures.walkLongestRatio})`);
}

export async function benchOncall(opts: OnCallBenchOptions = {}): Promise<Record<string, number>> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const samples = opts.samples ?? 20;
  const figures: Record<string, number> = { samples };
  await benchPlans(log, samples, opts.incidents ?? [1_000, 10_000], figures);

  const from = Date.parse('2026-03-02T06:00:00Z');
  benchShifts(log, samples, figures, 'threeHourlyLayersTwoWeeks', rules([
    { start: '2026-02-02T00:00', rotation: 'hourly', userIds: ['a', 'b', 'c'] },
    { start: '2026-02-02T09:00', rotation: 'hourly', userIds: ['d', 'e'], restrictions: [officeHours] },
    { start: '2026-02-02T00:00', rotation: 'hourly', turns: 2, userIds: ['f', 'g'], restrictions: [{ type: 'weekly', startDay: 6, startTime: '00:00', durationMinutes: 2 * 24 * 60 }] },
  ]), from, from + 14 * DAY);
  benchShifts(log, samples, figures, 'dailyRotationYear', rules([
    { start: '2026-01-05T09:00', rotation: 'daily', userIds: ['a', 'b', 'c', 'd'] },
  ]), from, from + 365 * DAY);

  benchOverrides(log, samples, figures, from);
  await benchOnCallNow(log, samples, figures);
  benchWalk(log, samples, figures);
  Object.assign(figures, await benchDecisions({ log, samples }));
  return figures;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, samples: { type: 'string' } } });
  const figures = await benchOncall({
    json: values.json, samples: values.samples ? Number(values.samples) : undefined,
    log: values.json ? (l) => process.stderr.write(`${l}\n`) : undefined,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
}
