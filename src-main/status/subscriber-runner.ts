// Sends status page subscribers their mail and webhook notices. Exactly one device sends each: the device that wrote
// the update (it listens to the change feed and owes a notice only for its own ops, as outbound webhooks do), and
// the device that took a subscription request sends its confirmation mail. Each notice is recorded (device-local)
// before it is tried and retried with backoff for a day; the schedule lives in the table, so a restart resumes it and
// a notice sent is never sent again. How far this device's own ops have been looked at is marked with the notices
// they owe (no write for an op that owes none: the ingest path pays nothing) and at a clean stop, so an update
// written just before a crash (committed, never announced) is owed at the next start.
import { Webhook as Signer } from 'standardwebhooks';
import { parseOpId } from '../../src-shared/domain/ids.ts';
import type { Op } from '../../src-shared/domain/ops.ts';
import { recipients } from '../../src-shared/domain/subscribers/fold.ts';
import { confirmationMail, noticeMail, noticeWebhookBody, type MailContent } from '../../src-shared/domain/subscribers/mail.ts';
import { RETRY_FOR_MS, retryDelayMs } from '../../src-shared/domain/webhooks/backoff.ts';
import {
  addNotice, claimNotice, dueNotices, nextNoticeDueAt, pruneNotices, recordNoticeAttempt, unclaimNotices, type NoticeRow,
} from '../store/subscriber-notices.ts';
import { loadOrCreateDevice } from '../store/device.ts';
import { smtpPassword } from '../store/smtp-password.ts';
import { getMeta, setMeta } from '../store/meta.ts';
import type { Engine } from '../engine/types.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { postSigned } from '../outbound/post-signed.ts';
import { createOutboundGuard } from '../outbound/outbound-guard.ts';
import { smtpMailer, type Mailer } from './mailer.ts';
import { signerOf, unsubscribeToken } from './unsubscribe-token.ts';
import type { NoticePage, PublishedUpdate, PublishedUpdates } from './subscriber-seams.ts';

export interface SubscriberRunnerOptions {
  engine: Engine;
  clock: Clock;
  log: Logger;
  updates: PublishedUpdates;
  /** How mail leaves (default: SMTP per this device's settings). */
  mailer?: Mailer & { close?(): void };
  /** How long an SMTP server or webhook receiver may take (default 10 s). */
  timeoutMs?: number;
  /** Jitter's source, in [0, 1). */
  random?: () => number;
}

export interface SubscriberRunner {
  start(): void;
  /**
   * A subscription request for a published page: records it and owes its confirmation mail — or does nothing when
   * the address is subscribed already. Answers the same either way, so a caller cannot tell which.
   */
  subscribe(page: NoticePage, email: string): Promise<void>;
  /** Resolves once no notice is being tried. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What a notice row holds until it is sent: a confirmation mail as built, or the update (the same for every
 * subscriber of the page, so recording thousands costs a write each and nothing more); an update's mail or body is
 * built at each try, the same bytes every time.
 */
type Payload = { mail: MailContent & { to: string } } | { update: PublishedUpdate };

/**
 * Notices tried at once at most: an update to ten thousand subscribers goes out a few at a time over the SMTP pool,
 * not as ten thousand connections.
 */
const MAX_IN_FLIGHT = 8;

const ENDED = Symbol('the subscription ended');

/** Meta key: a seq of this device's own ops up to which every notice they owe is recorded. */
const SEEN = 'subscriber_notices_seq';

export function createSubscriberRunner(opts: SubscriberRunnerOptions): SubscriberRunner {
  const { engine, clock, log, updates } = opts;
  const store = engine.store;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const random = opts.random ?? Math.random;
  const mailer = opts.mailer ?? smtpMailer(() => ({ smtp: engine.getSettings().smtp, password: smtpPassword(store) }), timeoutMs);
  const signer = signerOf(loadOrCreateDevice(store));
  const guard = createOutboundGuard(engine);
  const inFlight = new Map<number, Promise<void>>();
  let timer: { at: number; cancel: () => void } | null = null;
  let unsubscribe: (() => void) | null = null;
  /** Stopping: no new try starts; the ones under way finish and record their outcome. */
  let stopping = false;
  // A server that is down fails every notice alike: say so once a minute, not once per subscriber.
  const logged = new Map<string, number>();
  const warn = (error: string, line: string) => {
    const now = clock.now();
    if ((logged.get(error) ?? -Infinity) > now - 60_000) return;
    if (logged.size > 100) logged.clear();
    logged.set(error, now);
    log.warn(line);
  };

  /** The highest seq of this device's own ops looked at. */
  let seen = 0;

  /** Records what this device owes for its own ops; nothing for a peer's. */
  const owe = (ops: readonly Op[]): void => {
    for (const op of ops) {
      const { deviceId, seq } = parseOpId(op.id);
      if (deviceId !== engine.deviceId || seq <= seen) continue;
      seen = seq;
      let published: PublishedUpdate[] = [];
      try {
        published = updates.of(op);
      } catch (e) {
        log.error(`status page subscribers: which pages ${op.id} touches: ${String(e)}`);
      }
      if (published.length === 0) continue;
      // One transaction for all of an update's notices (one write to disk, not one per subscriber), and the mark
      // that this op has been looked at.
      store.db.transaction(() => {
        setMeta(store, SEEN, String(seq));
        for (const u of published) {
          const payload = JSON.stringify({ update: u } satisfies Payload);
          for (const s of recipients(engine.subscriberStates(u.page.id))) {
            addNotice(store, { subscriberId: s.id, messageId: op.id, kind: 'update', payload, nowMs: clock.now() });
          }
        }
      })();
    }
    pump();
  };

  /**
   * Sends a notice: null when it went, else what went wrong (`permanent`: refused for good, not to be tried again);
   * `ENDED` when there is no one to send it to any more.
   */
  const send = async (row: NoticeRow): Promise<{ error: string; permanent: boolean } | null | typeof ENDED> => {
    const s = engine.subscriberState(row.subscriber_id);
    const wanted = row.kind === 'confirmation' ? s?.state === 'pending' : s?.state === 'confirmed';
    if (!s || !wanted) return ENDED;
    const payload = JSON.parse(row.payload) as Payload;
    if ('mail' in payload || s.kind === 'email') {
      const mail = 'mail' in payload ? payload.mail : { ...noticeMail(payload.update, unsubscribeToken(signer, s.id)), to: s.email! };
      const r = await mailer({ ...mail, messageId: `<${row.subscriber_id}.${row.message_id.replace(':', '.')}@klaxon.invalid>` });
      return r.error === null ? null : { error: r.error, permanent: r.permanent === true };
    }
    const body = noticeWebhookBody(payload.update);
    const r = await postSigned({ url: s.url!, secret: s.secret!, messageId: row.message_id, body, at: new Date(clock.now()), timeoutMs, signer: Signer, dispatcher: guard.dispatcherFor(s.id) });
    return r.status !== null && r.status >= 200 && r.status < 300 ? null : { error: `${r.status ?? r.error}`, permanent: false };
  };

  const attempt = async (row: NoticeRow): Promise<void> => {
    const atMs = clock.now();
    const sent = await send(row);
    if (sent === ENDED) {
      recordNoticeAttempt(store, row.id, { state: 'failed', nextAt: null, atMs, error: 'the subscription ended before it was sent' });
      return;
    }
    const now = clock.now();
    const error = sent?.error ?? null;
    const giveUp = sent !== null && (sent.permanent || now + retryDelayMs(row.attempts + 1, 0.5) - row.created_at > RETRY_FOR_MS);
    const state = error === null ? 'sent' : giveUp ? 'failed' : 'pending';
    const nextAt = state === 'pending' ? now + retryDelayMs(row.attempts + 1, random()) : null;
    recordNoticeAttempt(store, row.id, { state, nextAt, atMs, error });
    if (error !== null) warn(error, `status page subscribers: notice ${row.id} to ${row.subscriber_id}: ${error}${giveUp ? ', given up' : ', will retry'} (the same error is logged once a minute)`);
  };

  const tryOne = (row: NoticeRow): Promise<void> => {
    const running = inFlight.get(row.id);
    if (running) return running;
    claimNotice(store, row.id);
    const p = attempt(row).catch((e: unknown) => log.error(`subscriber notice ${row.id}: ${String(e)}`)).finally(() => { inFlight.delete(row.id); pump(); });
    inFlight.set(row.id, p);
    return p;
  };

  function pump(): void {
    if (stopping) return;
    const room = MAX_IN_FLIGHT - inFlight.size;
    if (room > 0) for (const row of dueNotices(store, clock.now(), room)) void tryOne(row);
    arm();
  }

  /** One timer, at the earliest pending notice; none while every slot is taken (the next try to end pumps). */
  function arm(): void {
    if (stopping || inFlight.size >= MAX_IN_FLIGHT) return;
    const at = nextNoticeDueAt(store);
    if (at === null || (timer && timer.at <= at)) return;
    timer?.cancel();
    timer = { at, cancel: clock.at(at, () => { timer = null; pump(); }) };
  }

  return {
    start() {
      // First, tries a stop cut short are due again (before any new try is claimed).
      unclaimNotices(store, clock.now());
      pruneNotices(store, clock.now());
      unsubscribe = engine.onChange((change) => owe(change.ops));
      // The first start (no mark yet) owes nothing for what was written before; a later one, what a stop cut short.
      const mark = getMeta(store, SEEN);
      seen = mark === undefined ? engine.contiguousSeq(engine.deviceId) : Number(mark);
      if (mark === undefined) setMeta(store, SEEN, String(seen));
      for (let page: Op[]; (page = engine.opsSince(engine.deviceId, seen, 1000)).length > 0;) owe(page);
      pump();
    },
    async subscribe(page, email) {
      const taken = await engine.subscribeEmail(page.id, email, 'system');
      if (!taken) return;
      const payload: Payload = { mail: { ...confirmationMail(page, taken.token), to: taken.subscriber.email! } };
      addNotice(store, { subscriberId: taken.subscriber.id, messageId: 'confirmation', kind: 'confirmation', payload: JSON.stringify(payload), nowMs: clock.now() });
      pump();
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight.values()]);
    },
    async close() {
      if (stopping) return;
      stopping = true;
      unsubscribe?.();
      timer?.cancel();
      while (inFlight.size > 0) await Promise.all([...inFlight.values()]);
      mailer.close?.();
      await guard.close();
      // (An engine closed first, as a test may do, has nothing more to mark: the next start looks again.)
      if (store.db.open && seen > Number(getMeta(store, SEEN) ?? 0)) setMeta(store, SEEN, String(seen));
    },
  };
}
