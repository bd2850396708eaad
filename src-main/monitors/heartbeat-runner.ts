// Runs the heartbeat monitors this device is the runner of. A beat is a fact only this device sees: it is kept here
// (monitor_runs), and the team hears only of flips — down opens the monitor's incident, up resolves it. No beat
// within interval + grace means down. A tick that comes far later than asked means the machine slept (timers stand
// still in suspend, the wall clock does not): the span is "no data", and each monitor gets a full interval + grace
// from the wake before a missing beat counts — a laptop that slept through its beats opens nothing. Starting up is
// treated the same way. A monitor already down stays down until a beat comes.
//
// What a beat or a missed interval leads to is the one verdict rule (src-shared/domain/monitors/verdict.ts): each
// interval missed after interval + grace is one failure (pending while retries last), a beat is a success (up again
// after successesBeforeUp of them), a reported-down beat is a failure, and while down every further failure counts on
// the incident and re-notifies once renotifyMinutes have passed since the last page.
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Engine } from '../engine/types.ts';
import type { MonitorState } from '../../src-shared/domain/monitors/fold.ts';
import type { MonitorCheck } from '../../src-shared/schemas/monitors.ts';
import { readMonitorRuns, writeMonitorRun, deleteMonitorRun, type MonitorRun } from '../store/monitor-runs.ts';
import type { CheckRecorder } from './check-recorder.ts';
import { heartbeatResults } from './heartbeat-results.ts';
import { SLEEP_TOLERANCE_MS, sleptSince } from './wake.ts';
import { freshVerdict, nextVerdict, type Verdict, type VerdictStep } from '../../src-shared/domain/monitors/verdict.ts';

const NO_DATA = 'no data: this device was asleep or not running';

export interface HeartbeatRunnerOptions {
  engine: Engine;
  clock: Clock;
  log: Logger;
  /** How often deadlines are looked at (default 1 s: a beat is late by at most this much more). */
  tickMs?: number;
  /** A tick this much later than asked counts as a wake from sleep (default SLEEP_TOLERANCE_MS, wake.ts). */
  sleepToleranceMs?: number;
  /** Where each beat, missed deadline and no-data span goes (result-recorder.ts). */
  recorder?: CheckRecorder;
}

export interface Beat { status: 'up' | 'down'; msg: string | null }

export interface HeartbeatRunner {
  start(): void;
  /** A beat on a push URL: the monitor's id, or null when the token names no monitor this device runs. */
  beat(token: string, beat: Beat): Promise<string | null>;
  /** Where each monitor stands here (`no_data` after a sleep until it beats or falls due). */
  state(monitorId: string): string;
  /** What the API shows of a monitor this device runs; undefined for one it does not run. */
  check(m: MonitorState): MonitorCheck | undefined;
  /** Resolves once every tick and beat taken so far is done (their ops committed). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createHeartbeatRunner(opts: HeartbeatRunnerOptions): HeartbeatRunner {
  const { engine, clock, log } = opts;
  const tickMs = opts.tickMs ?? 1000;
  const tolerance = opts.sleepToleranceMs ?? SLEEP_TOLERANCE_MS;
  let runs: Map<string, MonitorRun> | null = null;
  let cancel = () => {};
  let stopped = false;
  let lastTick = clock.now();
  const results = heartbeatResults(opts.recorder);
  // Flips run one at a time, in order: a beat's recovery must not overtake the down it follows.
  let chain: Promise<unknown> = Promise.resolve();
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn);
    chain = next.catch((err: unknown) => log.error(`monitors: ${(err as Error).message}`));
    return next;
  };

  const isHeartbeat = (m: MonitorState) => m.config.type === 'heartbeat';
  // Only heartbeat monitors' records: the HTTP/TCP runner keeps its own in the same table.
  const allRuns = () => {
    if (runs) return runs;
    const others = new Set(engine.listMonitors(engine.deviceId).filter((m) => !isHeartbeat(m)).map((m) => m.id));
    return (runs = new Map([...readMonitorRuns(engine.store)].filter(([id]) => !others.has(id))));
  };
  const save = (run: MonitorRun) => { allRuns().set(run.monitor_id, run); writeMonitorRun(engine.store, run); };
  // A monitor with no record here whose incident is open (it was down on the device that ran it before) starts as
  // down, so that its first beat here resolves that incident.
  const runOf = (m: MonitorState, now: number): MonitorRun =>
    allRuns().get(m.id) ?? { monitor_id: m.id, state: engine.monitorIncidentOpen(m.id) ? 'down' : 'unknown', last_beat_ms: null, since_ms: now, message: null };
  const windowMs = (m: MonitorState) => (m.config.intervalSeconds + (m.config.type === 'heartbeat' ? m.config.graceSeconds : 0)) * 1000;

  // The verdict's counts live in memory (a restart is a fresh start, as after a sleep); its state is the record's.
  const verdicts = new Map<string, Verdict>();
  /** Intervals missed since the last beat (or fresh start) already counted as failures. */
  const counted = new Map<string, number>();
  const verdictOf = (run: MonitorRun): Verdict => {
    const v = verdicts.get(run.monitor_id);
    if (v && (v.state === run.state || (v.state === 'unknown' && run.state !== 'down'))) return v;
    const fresh = freshVerdict(run.since_ms, run.state === 'down' ? 'down' : run.state === 'up' ? 'up' : 'unknown');
    verdicts.set(run.monitor_id, fresh);
    return fresh;
  };
  const missedBy = (m: MonitorState, run: MonitorRun, now: number) => {
    const late = (run.last_beat_ms ?? run.since_ms) + windowMs(m);
    return now >= late ? 1 + Math.floor((now - late) / (m.config.intervalSeconds * 1000)) : 0;
  };
  const restart = (id: string) => { verdicts.delete(id); counted.delete(id); };

  /** Carries out a verdict step: the record, and the flip, re-notify or further failure on the incident. */
  const act = async (m: MonitorState, run: MonitorRun, step: VerdictStep, at: number, reason: string, details: Record<string, unknown>, patch: Partial<MonitorRun> = {}) => {
    const { verdict, action } = step;
    verdicts.set(m.id, verdict);
    const state = verdict.state === 'unknown' ? run.state : verdict.state;
    const message = verdict.state === 'up' ? run.message : reason;
    save({ ...run, ...patch, state, since_ms: state === run.state ? run.since_ms : at, message: patch.message !== undefined ? patch.message : message });
    if (action === 'down') await engine.monitorDown(m.id, { reason, details });
    else if (action === 'renotify') await engine.monitorRenotify(m.id, { reason, details });
    else if (action === 'up') await engine.monitorUp(m.id, `${m.config.name} is up again: a heartbeat arrived${run.message ? ` (${run.message})` : ''}`);
  };

  const evaluate = async () => {
    const now = clock.now();
    const slept = sleptSince(lastTick, now, tickMs, tolerance);
    const sleptFrom = lastTick;
    lastTick = now;
    const all = engine.listMonitors(engine.deviceId);
    const live = all.filter(isHeartbeat);
    for (const m of live) {
      const run = runOf(m, now);
      if (m.paused) {
        if (run.state !== 'paused') save({ ...run, state: 'paused', since_ms: now });
        continue;
      }
      if (slept) results.noData(m.id, sleptFrom, NO_DATA, now + windowMs(m));
      if (slept || run.state === 'paused') {
        // No data for the span slept through (or paused): the deadline starts again from now.
        if (run.state !== 'down') { restart(m.id); save({ ...run, state: slept ? 'no_data' : 'unknown', since_ms: now, last_beat_ms: null, message: slept ? NO_DATA : null }); }
        else counted.set(m.id, missedBy(m, run, now)); // down stays down; the intervals missed asleep count for nothing
        continue;
      }
      // Each interval missed after interval + grace is one failure, counted once, at the instant it was missed. One
      // already down when first seen here (a restart) counts only what it misses from now on.
      const from = run.last_beat_ms ?? run.since_ms;
      const late = from + windowMs(m);
      results.tick(m, now, late);
      const intervalMs = m.config.intervalSeconds * 1000;
      const missed = missedBy(m, run, now);
      for (let n = counted.get(m.id) ?? (run.state === 'down' ? missed : 0); n < missed; n++) {
        // While down only the latest miss matters (it may re-notify); those before it changed nothing.
        if (n < missed - 1 && verdictOf(runOf(m, now)).state === 'down') n = missed - 1;
        counted.set(m.id, n + 1);
        const at = late + n * intervalMs;
        const current = runOf(m, at);
        const step = nextVerdict(verdictOf(current), 'down', m.config, at);
        const reason = `no heartbeat within ${(at - from) / 1000} s`;
        await act(m, current, step, at, reason, { lastBeatAt: run.last_beat_ms === null ? null : new Date(run.last_beat_ms).toISOString(), expectedEverySeconds: m.config.intervalSeconds });
      }
    }
    // Monitors deleted or moved to another runner leave no record behind here.
    const ids = new Set(live.map((m) => m.id));
    for (const id of [...allRuns().keys()]) if (!ids.has(id)) { allRuns().delete(id); restart(id); deleteMonitorRun(engine.store, id); }
  };

  const tick = () => {
    if (stopped) return;
    void serially(evaluate).finally(arm);
  };
  const arm = () => { if (!stopped) cancel = clock.at(clock.now() + tickMs, tick); };

  return {
    start() {
      // Beats sent while this host was not running reached no one: as after a sleep, each monitor not down starts
      // afresh from now.
      const now = clock.now();
      lastTick = now;
      const live = new Map(engine.listMonitors(engine.deviceId).filter(isHeartbeat).map((m) => [m.id, m]));
      for (const run of [...allRuns().values()]) {
        if (run.state !== 'down' && run.state !== 'paused') {
          save({ ...run, state: 'no_data', last_beat_ms: null, since_ms: now, message: NO_DATA });
          const m = live.get(run.monitor_id);
          if (m && !m.paused) results.noData(m.id, now, NO_DATA, now + windowMs(m));
        }
      }
      arm();
    },
    beat(token, beat) {
      return serially(async () => {
        const m = engine.monitorByToken(token);
        if (!m || m.runnerDeviceId !== engine.deviceId) return null;
        const now = clock.now();
        const run = runOf(m, now);
        if (m.paused) return m.id; // a paused monitor takes beats and makes nothing of them
        results.beat(m.id, now, beat.status, beat.msg);
        const before = verdictOf(run);
        if (beat.status === 'down') {
          const details = { reportedDown: true, ...(beat.msg ? { msg: beat.msg } : {}) };
          const step = nextVerdict(before, 'down', m.config, now);
          const reason = beat.msg ?? 'reported down';
          await act(m, run, step, now, reason, details, before.state === 'down' ? { last_beat_ms: now } : {});
          // A failure reported while down is an alert of its own: it counts on the open incident, and pages no one
          // again; once a person resolved that incident, it opens nothing (as a check's failure does not).
          if (before.state === 'down' && step.action === 'none') await engine.monitorFailedAgain(m.id, { reason, details });
          return m.id;
        }
        counted.delete(m.id);
        const step = nextVerdict(before, 'up', m.config, now);
        await act(m, { ...run, message: beat.msg }, step, now, beat.msg ?? 'a heartbeat arrived', {}, { last_beat_ms: now, message: beat.msg });
        return m.id;
      });
    },
    state: (id) => allRuns().get(id)?.state ?? 'unknown',
    idle: () => chain.then(() => undefined),
    check(m) {
      if (m.runnerDeviceId !== engine.deviceId || m.config.type !== 'heartbeat') return undefined;
      const run = allRuns().get(m.id);
      const iso = (ms: number) => new Date(ms).toISOString();
      if (!run) return { state: m.paused ? 'paused' : 'unknown', since: m.createdAt, lastBeatAt: null, message: null };
      return { state: run.state as MonitorCheck['state'], since: iso(run.since_ms), lastBeatAt: run.last_beat_ms === null ? null : iso(run.last_beat_ms), message: run.message };
    },
    async close() { stopped = true; cancel(); await chain; },
  };
}
