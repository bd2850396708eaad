// Runs the heartbeat monitors this device is the runner of. A beat is a fact only this device sees: it is kept here
// (monitor_runs), and the team hears only of flips — down opens the monitor's incident, up resolves it. No beat
// within interval + grace means down. A tick that comes far later than asked means the machine slept (timers stand
// still in suspend, the wall clock does not): the span is "no data", and each monitor gets a full interval + grace
// from the wake before a missing beat counts — a laptop that slept through its beats opens nothing. Starting up is
// treated the same way. A monitor already down stays down until a beat comes.
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Engine } from '../engine/types.ts';
import type { MonitorState } from '../../src-shared/domain/monitors/fold.ts';
import type { MonitorCheck } from '../../src-shared/schemas/monitors.ts';
import { readMonitorRuns, writeMonitorRun, deleteMonitorRun, type MonitorRun } from '../store/monitor-runs.ts';
import type { CheckRecorder } from './check-recorder.ts';
import { heartbeatResults } from './heartbeat-results.ts';

const NO_DATA = 'no data: this device was asleep or not running';

export interface HeartbeatRunnerOptions {
  engine: Engine;
  clock: Clock;
  log: Logger;
  /** How often deadlines are looked at (default 1 s: a beat is late by at most this much more). */
  tickMs?: number;
  /** A tick this much later than asked counts as a wake from sleep (default 5 s). */
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
  const tolerance = opts.sleepToleranceMs ?? 5000;
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

  const allRuns = () => (runs ??= readMonitorRuns(engine.store));
  const mine = (): MonitorState[] => engine.listMonitors(engine.deviceId).filter((m) => m.config.type === 'heartbeat');
  const save = (run: MonitorRun) => { allRuns().set(run.monitor_id, run); writeMonitorRun(engine.store, run); };
  const runOf = (m: MonitorState, now: number): MonitorRun =>
    allRuns().get(m.id) ?? { monitor_id: m.id, state: 'unknown', last_beat_ms: null, since_ms: now, message: null };
  const windowMs = (m: MonitorState) => (m.config.intervalSeconds + (m.config.type === 'heartbeat' ? m.config.graceSeconds : 0)) * 1000;

  const flipDown = async (m: MonitorState, run: MonitorRun, now: number, reason: string, details: Record<string, unknown>) => {
    save({ ...run, state: 'down', since_ms: now, message: reason });
    await engine.monitorDown(m.id, { reason, details });
  };

  const evaluate = async () => {
    const now = clock.now();
    const slept = now - lastTick > tickMs + tolerance;
    const sleptFrom = lastTick;
    lastTick = now;
    const live = mine();
    for (const m of live) {
      const run = runOf(m, now);
      if (m.paused) {
        if (run.state !== 'paused') save({ ...run, state: 'paused', since_ms: now });
        continue;
      }
      if (slept) results.noData(m.id, sleptFrom, NO_DATA, now + windowMs(m));
      if (slept || run.state === 'paused') {
        // No data for the span slept through (or paused): the deadline starts again from now.
        if (run.state !== 'down') save({ ...run, state: slept ? 'no_data' : 'unknown', since_ms: now, last_beat_ms: null, message: slept ? NO_DATA : null });
        continue;
      }
      const from = run.last_beat_ms ?? run.since_ms;
      const late = from + windowMs(m);
      results.tick(m, now, late);
      if (run.state === 'down') continue;
      // With retries, each further interval missed is one more try: pending in between, down after the last.
      const downAt = late + m.config.retries * m.config.intervalSeconds * 1000;
      if (now >= late && now < downAt) {
        if (run.state !== 'pending') save({ ...run, state: 'pending', message: `no heartbeat within ${windowMs(m) / 1000} s` });
      } else if (now >= downAt) {
        const reason = `no heartbeat within ${(downAt - from) / 1000} s`;
        await flipDown(m, run, now, reason, { lastBeatAt: run.last_beat_ms === null ? null : new Date(run.last_beat_ms).toISOString(), expectedEverySeconds: m.config.intervalSeconds });
      }
    }
    // Monitors deleted or moved to another runner leave no record behind here.
    const ids = new Set(live.map((m) => m.id));
    for (const id of [...allRuns().keys()]) if (!ids.has(id)) { allRuns().delete(id); deleteMonitorRun(engine.store, id); }
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
      const live = new Map(mine().map((m) => [m.id, m]));
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
        if (beat.status === 'down') {
          const details = { reportedDown: true, ...(beat.msg ? { msg: beat.msg } : {}) };
          if (run.state !== 'down') await flipDown(m, run, now, beat.msg ?? 'reported down', details);
          else {
            // A failure reported while down is an alert of its own: it counts on the same incident, and pages no one again.
            save({ ...run, last_beat_ms: now });
            await engine.monitorDown(m.id, { reason: beat.msg ?? 'reported down', details });
          }
          return m.id;
        }
        save({ ...run, state: 'up', last_beat_ms: now, since_ms: run.state === 'up' ? run.since_ms : now, message: beat.msg });
        if (run.state === 'down') await engine.monitorUp(m.id, `${m.config.name} is up again: a heartbeat arrived${beat.msg ? ` (${beat.msg})` : ''}`);
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
