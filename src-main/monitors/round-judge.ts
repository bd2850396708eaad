// "Every check failing alike" (issue 10 §1): a laptop on a dead Wi-Fi or behind a captive portal sees every host
// time out at once — or a broken resolver say of every name that it does not exist — and must not open an incident
// for each. So a timeout or a name not found is not concluded when it happens: it waits one round (`roundMs`), and is
// then judged against every check that ended within a round either side of it. When those checks reached at least
// MIN_HOSTS different hosts and every one of them got no answer (timed out, or its name not found), nothing answered
// at all: the failure is "no data". If any check in that span got an answer — a status, a refused connection, a TLS
// error — the network was there, and the failure is down. Fewer than MIN_HOSTS hosts cannot tell the two apart, so
// then it counts as down, as it would without this rule.
import type { CheckReport } from './check-report.ts';

export const MIN_HOSTS = 3;
/** How long a timeout waits to be judged against the other checks around it (the default round). */
export const ROUND_MS = 30_000;
/**
 * The latest a check's result is recorded after the instant it is recorded at: a held timeout waits out its round and
 * is concluded at the runner's next tick (a second later), with room for a busy event loop. A period is summed only
 * this long after it ends (rollup-writer.ts), so that no result lands in a period already closed.
 */
export const RESULT_SETTLE_MS = ROUND_MS + 5_000;

/** A failure that may be this machine's network rather than the monitor's: held for judging. */
export const isUnanswered = (r: CheckReport): boolean => r.timedOut === true || r.nameNotFound === true || r.unreachable === true;

interface Ended { atMs: number; host: string; unanswered: boolean }
interface Held<T> { atMs: number; host: string; report: CheckReport; item: T }

export interface RoundJudge<T> {
  /** Every check that reached the network (not "no data") is noted as it ends. */
  note(atMs: number, host: string, report: CheckReport): void;
  /** A timeout or a name not found, kept until its round is over. */
  hold(atMs: number, host: string, report: CheckReport, item: T): void;
  /** The held failures whose round is over, each with its verdict: down as it was, or no data. */
  due(nowMs: number): { item: T; atMs: number; report: CheckReport }[];
  /** After a sleep: what was held tells nothing (returned, to be recorded as no data), and the log starts afresh. */
  drop(): T[];
}

export function createRoundJudge<T>(roundMs: number): RoundJudge<T> {
  let ended: Ended[] = [];
  let held: Held<T>[] = [];
  return {
    note(atMs, host, report) { ended.push({ atMs, host, unanswered: isUnanswered(report) }); },
    hold(atMs, host, report, item) { held.push({ atMs, host, report, item }); },
    due(nowMs) {
      const ready = held.filter((h) => h.atMs + roundMs <= nowMs);
      held = held.filter((h) => h.atMs + roundMs > nowMs);
      const out = ready.map((h) => {
        const span = ended.filter((e) => e.atMs >= h.atMs - roundMs && e.atMs <= h.atMs + roundMs);
        const hosts = new Set(span.map((e) => e.host));
        if (hosts.size >= MIN_HOSTS && span.every((e) => e.unanswered)) {
          const message = `no data: every check of ${hosts.size} hosts failed alike — no answer, name not found or host unreachable (this machine's network, not the monitors)`;
          return { item: h.item, atMs: h.atMs, report: { ...h.report, outcome: 'no_data' as const, message, details: { ...h.report.details, message } } };
        }
        return { item: h.item, atMs: h.atMs, report: h.report };
      });
      // Forget what no timeout, held or still to come, can look back on any more.
      const oldest = held.reduce((min, h) => Math.min(min, h.atMs), nowMs) - roundMs;
      if (ended.length > 0 && ended[0]!.atMs < oldest) ended = ended.filter((e) => e.atMs >= oldest);
      return out;
    },
    drop() {
      const items = held.map((h) => h.item);
      held = [];
      ended = [];
      return items;
    },
  };
}
