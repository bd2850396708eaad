// Ack on A → B's pager withdraws its page. B runs with the D-Bus notifier on a private session bus served by the
// test notification server (in this process, so both ends of the figure are read from one clock). Per repetition: a
// HIGH-urgency trigger on A, B's Notify for it, then an acknowledgement on A through the Incidents API, timed from
// sending it to B's CloseNotification for that page. The incident is resolved afterwards.
// Every repetition opens a new incident; more than STORM_THRESHOLD in the storm window would turn B's pages into one
// summary bubble, so the repetitions are capped there and this runs before anything else opens incidents on B.
import { performance } from 'node:perf_hooks';
import type { FakeNotificationServer } from '../../test/support/fake-notification-server.ts';
import { STORM_THRESHOLD } from '../../src-shared/domain/storm.ts';
import type { ChangeWatch } from '../support/change-stream.ts';
import { api, enqueue, type BenchHost } from '../support/team-hosts.ts';
import { spread, type Spread } from '../support/stats.ts';

export interface WithdrawResult {
  /** Sending the ack to A → B's CloseNotification, ms. */
  ackToWithdraw: Spread;
  /** Sending the ack → A's 200, ms. */
  ack2xx: Spread;
  /** A's 2xx for the trigger → B's Notify, ms. */
  triggerToNotify: Spread;
  goal: { max: '<= 1000 ms'; met: boolean };
}

export const MAX_WITHDRAW_REPS = STORM_THRESHOLD;

export async function measureWithdraw(opts: {
  a: BenchHost; onB: ChangeWatch; notifications: FakeNotificationServer; reps: number; log: (line: string) => void;
}): Promise<WithdrawResult> {
  const { a, onB, notifications } = opts;
  const reps = Math.min(opts.reps, MAX_WITHDRAW_REPS);
  const run = Date.now().toString(36);
  const withdraw: number[] = [];
  const ack2xx: number[] = [];
  const notify: number[] = [];
  opts.log(`  ack → withdraw: ${reps} HIGH-urgency triggers on A, each acknowledged on A once B has paged`);
  for (let i = 0; i < reps; i++) {
    const key = `withdraw-${run}-${i}`;
    const summary = `Sync withdraw ${run} #${i}`;
    const res = await enqueue(a, 'trigger', key, summary);
    const triggered = performance.now();
    if (res.status !== 202) throw new Error(`trigger #${i} on A answered ${res.status}: ${await res.text()}`);
    const page = await notifications.waitForNotify((c) => c.summary === summary, 10_000);
    notify.push(page.at - triggered);
    const { id } = await onB.waitFor(key, 10_000);
    const closed = notifications.waitForClose(page.id, 10_000).then(() => performance.now());
    const sent = performance.now();
    const ack = await api(a, 'PATCH', `/api/incidents/${id}`, { status: 'acknowledged' });
    ack2xx.push(performance.now() - sent);
    if (ack.status !== 200) throw new Error(`acknowledging #${i} on A answered ${ack.status}: ${JSON.stringify(ack.body)}`);
    withdraw.push((await closed) - sent);
    const resolved = await enqueue(a, 'resolve', key);
    if (resolved.status !== 202) throw new Error(`resolving #${i} on A answered ${resolved.status}`);
    await resolved.arrayBuffer();
  }
  const ackToWithdraw = spread(withdraw);
  return { ackToWithdraw, ack2xx: spread(ack2xx), triggerToNotify: spread(notify), goal: { max: '<= 1000 ms', met: ackToWithdraw.max <= 1000 } };
}
