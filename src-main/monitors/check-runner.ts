// Runs the HTTP and TCP monitors this device is the runner of, each on its interval, on the injected clock. Checks
// are spread over their interval (a monitor's first check falls at a fixed offset derived from its id), so 500
// monitors do not fire at once, and at most `maxInFlight` run at a time. Each outcome goes to the recorder and
// through the one verdict rule (src-shared/domain/monitors/verdict.ts); flips and re-notifies become engine
// commands. The verdicts are kept in monitor_runs, so a restart neither forgets a down monitor nor when it last paged.
//
// No false incidents from a laptop: a tick far later than asked means the machine slept — every monitor not down
// starts afresh (nothing counted before the sleep counts after it) and the span is "no data"; a check that fails
// because this machine has no route or cannot reach its resolver, or while no network interface but loopback is up,
// is "no data"; and timeouts and names not found are judged against the rest of their round (round-judge.ts).
import os from 'node:os';
import type { LookupFunction } from 'node:net';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Engine } from '../engine/types.ts';
import type { MonitorState } from '../../src-shared/domain/monitors/fold.ts';
import type { MonitorCheck } from '../../src-shared/schemas/monitors.ts';
import { freshVerdict, nextVerdict, type Verdict } from '../../src-shared/domain/monitors/verdict.ts';
import { readMonitorRuns, writeMonitorRun, deleteMonitorRun } from '../store/monitor-runs.ts';
import type { CheckRecorder } from './check-recorder.ts';
import type { CheckReport } from './check-report.ts';
import { createHttpClient, httpCheck } from './http-check.ts';
import { tcpCheck } from './tcp-check.ts';
import { createRoundJudge, isUnanswered, ROUND_MS } from './round-judge.ts';
import { SLEEP_TOLERANCE_MS, sleptSince } from './wake.ts';
import { withoutCredentials } from '../../src-shared/domain/monitors/redact.ts';
import { createTargetPolicy } from './target-policy.ts';

const ASLEEP = 'no data: this device was asleep or not running';
const NO_INTERFACE = 'no data: no network interface is up on this machine';

export interface CheckRunnerOptions {
  engine: Engine;
  clock: Clock;
  log: Logger;
  /** Where every outcome goes (the results store, result-recorder.ts). */
  recorder: CheckRecorder;
  /** How often due checks are looked for (default 1 s). */
  tickMs?: number;
  /** A tick this much later than asked counts as a wake from sleep (default SLEEP_TOLERANCE_MS, wake.ts). */
  sleepToleranceMs?: number;
  /** Checks running at once at most (default 32); the rest wait for the next tick. */
  maxInFlight?: number;
  /** How long a timeout waits to be judged against the other checks around it (default 30 s). */
  roundMs?: number;
  /** CA certificates trusted for HTTPS besides the system's (PEM). */
  extraCa?: string[];
  /** Whether a network interface other than loopback is up (default: asks os.networkInterfaces()). */
  networkUp?: () => boolean;
  /** Resolves host names (default: the system's); tests inject a resolver's failures with it. */
  lookup?: LookupFunction;
}

export interface CheckRunner {
  start(): void;
  /** Where the monitor stands here: a verdict state, `no_data` after a sleep, `paused`, or `unknown`. */
  state(monitorId: string): string;
  /** What the API shows of a monitor this device runs; undefined for one it does not run. */
  check(m: MonitorState): MonitorCheck | undefined;
  /** Resolves once every check started so far has ended and its ops are committed. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

type Checked = Extract<MonitorState['config'], { type: 'http' | 'tcp' }>;
interface Run {
  verdict: Verdict; shown: 'no_data' | 'paused' | null; message: string | null; dueMs: number; key: string; running: boolean;
  /** When the last check that went into the verdict ended: a held timeout older than it changes nothing. */
  lastAtMs: number;
}

export const hasNetworkInterface = (): boolean =>
  Object.values(os.networkInterfaces()).some((list) => (list ?? []).some((i) => !i.internal));

const keys = new WeakMap<MonitorState, string>();
/** A monitor's settings as one string, to notice a change (computed once per folded monitor). */
const keyOf = (m: MonitorState) => { let k = keys.get(m); if (k === undefined) { k = JSON.stringify(m.config); keys.set(m, k); } return k; };
const hostOf = (c: Checked) => (c.type === 'tcp' ? c.host : new URL(c.url).hostname);
/** Whether a monitor's target host name (from its URL or settings) is this machine; no network interface is needed to reach it. */
const isLoopbackHostName = (host: string) => host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '::1';
/** A stable offset within the interval, from the monitor's id: spreads checks and survives restarts. */
const offsetOf = (id: string, intervalMs: number) => {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % intervalMs;
};

export function createCheckRunner(opts: CheckRunnerOptions): CheckRunner {
  const { engine, clock, log, recorder } = opts;
  const tickMs = opts.tickMs ?? 1000;
  const tolerance = opts.sleepToleranceMs ?? SLEEP_TOLERANCE_MS;
  const maxInFlight = opts.maxInFlight ?? 32;
  const networkUp = opts.networkUp ?? hasNetworkInterface;
  const client = createHttpClient({ ...(opts.extraCa ? { extraCa: opts.extraCa } : {}), ...(opts.lookup ? { lookup: opts.lookup } : {}) });
  /** A monitor whose target another device set is checked against public addresses only (target-policy.ts). */
  const targets = createTargetPolicy(engine, opts.extraCa);
  /** Aborts the checks in flight when the runner closes, so closing does not wait out their timeouts. */
  const closing = new AbortController();
  const judge = createRoundJudge<{ id: string; epoch: number }>(opts.roundMs ?? ROUND_MS);
  const runs = new Map<string, Run>();
  const inFlight = new Set<Promise<void>>();
  let monitors: MonitorState[] | null = null;
  let epoch = 0;
  let lastTick = clock.now();
  let stopped = false;
  let cancel = () => {};
  let unsubscribe = () => {};
  // Engine commands run one at a time, in order: a recovery must not overtake the down it follows.
  let chain: Promise<unknown> = Promise.resolve();
  const serially = (fn: () => Promise<unknown>) => { chain = chain.then(fn).catch((e: unknown) => log.error(`monitors: ${(e as Error).message}`)); };

  const mine = (): MonitorState[] => (monitors ??= engine.listMonitors(engine.deviceId).filter((m) => m.config.type === 'http' || m.config.type === 'tcp'));
  // A down monitor is stored as down even while paused or without data: its incident is open, and a restart must know.
  const persist = (id: string, run: Run) => writeMonitorRun(engine.store, {
    monitor_id: id, state: run.verdict.state === 'down' ? 'down' : run.shown ?? run.verdict.state, since_ms: run.verdict.sinceMs, message: run.message, last_beat_ms: run.verdict.notifiedAtMs,
  });

  /**
   * A monitor new to this device: down if its incident is open (it was down on the device that ran it before), so
   * that its recovery here resolves that incident; otherwise nothing known yet.
   */
  const startingVerdict = (id: string, now: number): Verdict => (engine.monitorIncidentOpen(id) ? freshVerdict(now, 'down') : freshVerdict(now));

  /** After a sleep or a restart: a down monitor stays down (its incident is open); any other starts afresh. */
  const afresh = (run: Run, now: number, message: string) => {
    if (run.verdict.state !== 'down') run.verdict = freshVerdict(now);
    else run.verdict = { ...run.verdict, failures: 0, successes: 0 };
    run.shown = run.verdict.state === 'down' ? null : 'no_data';
    run.message = run.verdict.state === 'down' ? run.message : message;
  };

  const conclude = (m: MonitorState, run: Run, given: CheckReport, at: number) => {
    const report = { ...given, message: given.message === null ? null : withoutCredentials(given.message) }; // results are read with incidents:read
    recorder.record(m.id, { atMs: at, outcome: report.outcome, responseMs: report.responseMs, message: report.message });
    // A timeout judged after its round, when a later check of the same monitor has answered already, is history.
    if (at < run.lastAtMs) return;
    run.lastAtMs = at;
    if (report.outcome === 'no_data') { run.shown = 'no_data'; run.message = report.message; return; }
    const cfg = m.config as Checked;
    const before = run.verdict;
    const { verdict, action } = nextVerdict(before, report.outcome, cfg, at);
    const wasShown = run.shown;
    run.verdict = verdict;
    run.shown = null;
    run.message = report.message;
    if (verdict.state !== before.state || verdict.notifiedAtMs !== before.notifiedAtMs || wasShown !== null) persist(m.id, run);
    const failure = { reason: report.message ?? 'check failed', details: report.details };
    if (action === 'down') serially(() => engine.monitorDown(m.id, failure));
    else if (action === 'renotify') serially(() => engine.monitorRenotify(m.id, failure));
    else if (action === 'up') serially(() => engine.monitorUp(m.id, `${cfg.name} is up again: ${report.message ?? 'the check passed'}`));
  };

  const finish = (id: string, started: number, report: CheckReport) => {
    const m = mine().find((x) => x.id === id);
    const run = runs.get(id);
    if (stopped || !m || !run) return;
    run.running = false;
    // A check that began before a sleep ended after it: its timeout (or its answer) says nothing about now. The
    // sleep may not be noticed by a tick yet (the epoch moves at the next one): the wall-clock gap since the last tick
    // says so already.
    const now = clock.now();
    if (started !== epoch || m.paused || sleptSince(lastTick, now, tickMs, tolerance)) return;
    const host = hostOf(m.config as Checked);
    if (report.outcome === 'down' && report.details.status === undefined && !isLoopbackHostName(host) && !networkUp()) {
      conclude(m, run, { ...report, outcome: 'no_data', message: NO_INTERFACE }, now);
      return;
    }
    if (report.outcome !== 'no_data') judge.note(now, host, report);
    if (isUnanswered(report)) judge.hold(now, host, report, { id, epoch });
    else conclude(m, run, report, now);
  };

  const launch = (m: MonitorState, run: Run, now: number) => {
    const cfg = m.config as Checked;
    run.running = true;
    const next = run.dueMs + cfg.intervalSeconds * 1000;
    run.dueMs = next > now ? next : now + cfg.intervalSeconds * 1000;
    const started = epoch;
    const guard = targets.guardOf(m);
    const check = guard ? guard.check(cfg, { nowMs: () => clock.now(), signal: closing.signal })
      : cfg.type === 'http' ? httpCheck(cfg, { client, nowMs: () => clock.now(), signal: closing.signal }) : tcpCheck(cfg, closing.signal, opts.lookup);
    const p: Promise<void> = check.then(
      (report) => finish(m.id, started, report),
      (e: unknown) => { run.running = false; log.error(`monitors: ${m.id}: ${(e as Error).message}`); },
    ).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  const evaluate = () => {
    const now = clock.now();
    const slept = sleptSince(lastTick, now, tickMs, tolerance);
    lastTick = now;
    if (slept) {
      epoch++;
      client.dropIdle();
      for (const { id } of judge.drop()) recorder.record(id, { atMs: now, outcome: 'no_data', responseMs: null, message: ASLEEP });
    }
    const live = mine();
    for (const m of live) {
      const cfg = m.config as Checked;
      const key = keyOf(m);
      let run = runs.get(m.id);
      if (!run) {
        run = { verdict: startingVerdict(m.id, now), shown: null, message: null, dueMs: now, key, running: false, lastAtMs: 0 };
        runs.set(m.id, run);
      } else if (run.key !== key) { run.key = key; run.dueMs = now; } // new settings: check them now
      if (m.paused) {
        if (run.shown !== 'paused') { run.shown = 'paused'; persist(m.id, run); }
        continue;
      }
      if (run.shown === 'paused') { afresh(run, now, 'resumed'); run.shown = null; run.dueMs = now; persist(m.id, run); }
      if (slept) {
        recorder.record(m.id, { atMs: now, outcome: 'no_data', responseMs: null, message: ASLEEP });
        afresh(run, now, ASLEEP);
        persist(m.id, run);
        run.dueMs = now + offsetOf(m.id, cfg.intervalSeconds * 1000);
      }
    }
    for (const { item, atMs, report } of judge.due(now)) {
      const m = live.find((x) => x.id === item.id);
      const run = runs.get(item.id);
      if (m && run && item.epoch === epoch && !m.paused) conclude(m, run, report, atMs);
    }
    const due = live.filter((m) => !m.paused && !runs.get(m.id)!.running && runs.get(m.id)!.dueMs <= now)
      .sort((a, b) => runs.get(a.id)!.dueMs - runs.get(b.id)!.dueMs);
    for (const m of due) {
      if (inFlight.size >= maxInFlight) break;
      launch(m, runs.get(m.id)!, now);
    }
    // Monitors deleted or moved to another device leave nothing behind here.
    const ids = new Set(live.map((m) => m.id));
    for (const id of [...runs.keys()]) if (!ids.has(id)) { runs.delete(id); deleteMonitorRun(engine.store, id); }
  };

  const tick = () => {
    if (stopped) return;
    try { evaluate(); } catch (e) { log.error(`monitors: ${(e as Error).message}`); }
    // Armed from a later turn, relative to the time then: a clock that jumped while this tick ran (a fake one in
    // tests, the wall clock of a machine going to sleep) makes the next tick late, which is how a sleep shows.
    void Promise.resolve().then(() => { if (!stopped) cancel = clock.at(clock.now() + tickMs, tick); });
  };

  return {
    start() {
      const now = clock.now();
      lastTick = now;
      unsubscribe = engine.onChange((change) => {
        if (change.fromOtherProcess || change.ops.some((op) => op.type.startsWith('monitor.'))) monitors = null;
      });
      // What a previous run left: down stays down (and remembers its last page); anything else starts afresh.
      const stored = readMonitorRuns(engine.store);
      for (const m of mine()) {
        const row = stored.get(m.id);
        if (!row) continue;
        const verdict = row.state === 'down' ? freshVerdict(row.since_ms, 'down', row.last_beat_ms) : freshVerdict(now);
        const run: Run = { verdict, shown: null, message: row.message, dueMs: now + offsetOf(m.id, m.config.intervalSeconds * 1000), key: keyOf(m), running: false, lastAtMs: 0 };
        if (row.state !== 'down') afresh(run, now, ASLEEP);
        runs.set(m.id, run);
      }
      for (const m of mine()) if (!runs.has(m.id)) {
        runs.set(m.id, { verdict: startingVerdict(m.id, now), shown: null, message: null, dueMs: now + offsetOf(m.id, m.config.intervalSeconds * 1000), key: keyOf(m), running: false, lastAtMs: 0 });
      }
      cancel = clock.at(now + tickMs, tick);
    },
    state(id) {
      const run = runs.get(id);
      return run ? run.shown ?? run.verdict.state : 'unknown';
    },
    check(m) {
      if (m.runnerDeviceId !== engine.deviceId || (m.config.type !== 'http' && m.config.type !== 'tcp')) return undefined;
      const run = runs.get(m.id);
      if (!run) return { state: m.paused ? 'paused' : 'unknown', since: m.createdAt, lastBeatAt: null, message: null };
      return { state: m.paused ? 'paused' : run.shown ?? run.verdict.state, since: new Date(run.verdict.sinceMs).toISOString(), lastBeatAt: null, message: run.message };
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await chain;
    },
    async close() {
      stopped = true;
      cancel();
      unsubscribe();
      closing.abort();
      await Promise.allSettled([...inFlight]);
      await chain;
      await client.close();
      await targets.close();
    },
  };
}
