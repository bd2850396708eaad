// The pager: pages this device's user through the Notifier, from replicated state and the clock alone. It listens
// to the engine's change feed, asks schedule.ts what is due, shows or withdraws bubbles, and arms ONE timer for
// the next instant the answer can change by itself (a repeat, a snooze ending, a pause ending). Timers write no
// ops, so every device derives the same paging from the same state. A click on a bubble's action is a command
// like any other: Acknowledge acknowledges, Snooze snoozes, as the local user.
//
// On a service with an escalation policy it pages only while this device's person is among those the policy pages
// now (derived from the replicated schedules and policy and the clock: engine.pagingFor), and arms its timer for the
// next escalation too. A policy that finds nobody on call at all pages every device, as no policy does.
//
// It keeps the open incidents it plans over: all of them read once at start (openIncidentStates), then only those a
// commit touched re-read (incidentStatesByIds). Re-reading every open incident after every commit costs 30–100 ms at
// 10,000 open incidents, which an alert storm would pay on every batch. Likewise each incident's escalation answer
// is kept (by engine.pagingFor) until the incident, the on-call state or its service changes or its wakeAt comes,
// so a plan walks only the escalations of the incidents a batch touched or that are due.
import type { Engine, EngineChange } from '../engine/types.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { SNOOZE_ACTION_MINUTES, type NotificationAction, type Notifier } from './notifier.ts';
import { initialMemory, planPaging, type PageMemory, type Pageable } from './schedule.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import { pageFor, summaryPage, SUMMARY_NOTIFICATION_ID } from './page-content.ts';
import { isStorm, stormWindowStart, STORM_THRESHOLD } from '../../src-shared/domain/storm.ts';

export interface Pager {
  start(): void;
  close(): Promise<void>;
  readonly notifierName: string;
}

export interface PagerDeps {
  engine: Engine;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
  /** Own bubbles at most at once; more due incidents share one summary bubble. */
  maxBubbles?: number;
}

/** Ops that never change whether an incident pages (a dedup repeat, a note, a status-page update): no replan. */
const PAGING_NEUTRAL_OPS = new Set(['incident.alert_received', 'incident.note_added', 'incident.status_updated']);
/** Ops that can change who is paged for every incident at once: schedules, overrides, policies, services' policy, people. */
const WHO_IS_PAGED_OPS = ['schedule.', 'policy.', 'service.', 'device.', 'team.'];

/** How long close() waits for bubbles to be withdrawn before it lets the host stop anyway. */
const CLOSE_GRACE_MS = 2000;


export function createPager(deps: PagerDeps): Pager {
  const { engine, notifier, clock, log } = deps;
  let memory = new Map<string, PageMemory>();
  const open = new Map<string, IncidentState>();
  const touched = new Set<string>();
  /** What the plan last made of each open incident, reused while the incident, its paging answer and this device's person stay. */
  const pageableOf = new Map<string, { incident: IncidentState; answer: ReturnType<Engine['pagingFor']>; me: string | null; pageable: Pageable }>();
  let started = false;
  let closed = false;
  let unsubscribe: (() => void) | null = null;
  let cancelTimer: (() => void) | null = null;
  let armedAt: number | null = null;
  let replanQueued = false;
  let failing = false;
  // Notifier calls run in order per incident, so a withdraw never overtakes the notify it should undo.
  const chains = new Map<string, Promise<void>>();

  const enqueue = (incidentId: string, what: string, op: () => Promise<void>) => {
    const next = (chains.get(incidentId) ?? Promise.resolve()).then(op).then(
      () => {
        if (failing) { failing = false; log.info('notifications: working again'); }
      },
      (e: unknown) => {
        // One line when paging starts failing, not one per repeat.
        if (!failing) { failing = true; log.warn(`notifications: could not ${what} (${e instanceof Error ? e.message : String(e)}); will keep trying`); }
      },
    );
    chains.set(incidentId, next);
    void next.then(() => { if (chains.get(incidentId) === next) chains.delete(incidentId); });
  };

  const serviceName = (serviceId: string) => engine.getService(serviceId)?.name ?? serviceId;

  // In an alert storm every due page goes into the one summary bubble, none gets its own. Asked on every plan, so
  // the count stops where a storm begins: a flood replans on every batch.
  const storming = (now: number): boolean =>
    isStorm(engine.incidentsOpenedSince(stormWindowStart(now), STORM_THRESHOLD + 1).reduce((sum, c) => sum + c.count, 0));

  const arm = (at: number | null) => {
    if (at === armedAt && cancelTimer) return;
    cancelTimer?.();
    cancelTimer = null;
    armedAt = at;
    if (at === null || closed) return;
    cancelTimer = clock.at(at, () => {
      cancelTimer = null;
      armedAt = null;
      replan();
    });
  };

  function refreshTouched(): void {
    if (touched.size === 0) return;
    const ids = [...touched];
    touched.clear();
    for (const id of ids) { open.delete(id); pageableOf.delete(id); }
    for (const incident of engine.incidentStatesByIds(ids)) {
      if (incident.status !== 'resolved' && incident.mergedInto === null) open.set(incident.id, incident);
    }
  }

  /**
   * The open incidents as the plan sees them now: whether this device's person is paged for each (escalation), and
   * which escalation spell it is in; plus the next instant escalation alone changes that.
   */
  function withEscalation(now: number): { pageables: Pageable[]; wakeAt: number | null } {
    const me = engine.localUserId();
    let wakeAt: number | null = null;
    const pageables: Pageable[] = [];
    for (const s of open.values()) {
      // engine.pagingFor keeps each incident's answer until something it depends on moves (the same object back).
      const answer = engine.pagingFor(s, now);
      const at = answer.wakeAt;
      if (at !== null && (wakeAt === null || at < wakeAt)) wakeAt = at;
      const known = pageableOf.get(s.id);
      if (known && known.incident === s && known.answer === answer && known.me === me) { pageables.push(known.pageable); continue; }
      const { escalation } = answer;
      const pageable: Pageable = escalation === null || escalation.nobodyOnCall ? s : {
        ...s,
        pagesHere: escalation.paging.some((p) => p.userId === me),
        // The policy is part of it: a service given another policy starts its level 1 afresh, and that pages.
        spell: `${escalation.policyId}|${s.triggeredAt}|${s.snoozedUntil ?? ''}|${escalation.level}|${escalation.loop}`,
      };
      pageableOf.set(s.id, { incident: s, answer, me, pageable });
      pageables.push(pageable);
    }
    return { pageables, wakeAt };
  }

  function replan(): void {
    if (closed) return;
    try {
      const now = clock.now();
      const { notifications } = engine.getSettings();
      refreshTouched();
      const storm = storming(now);
      const { pageables, wakeAt: escalationWake } = withEscalation(now);
      const plan = planPaging({ incidents: pageables, memory, settings: notifications, now, maxBubbles: storm ? 0 : deps.maxBubbles });
      memory = plan.memory;
      for (const id of plan.withdraw) enqueue(id, 'withdraw a page', () => notifier.withdraw(id));
      if (plan.withdrawSummary) enqueue(SUMMARY_NOTIFICATION_ID, 'withdraw a page', () => notifier.withdraw(SUMMARY_NOTIFICATION_ID));
      for (const { incident, repeat } of plan.notify) {
        const page = pageFor(incident, serviceName(incident.serviceId), { sound: notifications.sound, repeat, now });
        enqueue(incident.id, 'show a page', () => notifier.notify(page));
      }
      if (plan.summarized.length > 0) {
        const page = summaryPage(plan.summarized, { sound: notifications.sound, storm });
        enqueue(SUMMARY_NOTIFICATION_ID, 'show a page', () => notifier.notify(page));
      }
      arm(plan.wakeAt === null ? escalationWake : escalationWake === null ? plan.wakeAt : Math.min(plan.wakeAt, escalationWake));
    } catch (e) {
      log.error(`pager: ${(e as Error).message}`);
    }
  }

  // One plan per committed batch (group commit publishes once per batch), made before the batch's callers hear back:
  // the page goes out as early as it can, and by the time a 2xx is answered the plan is made.
  const replanSoon = () => {
    if (replanQueued || closed) return;
    replanQueued = true;
    queueMicrotask(() => {
      replanQueued = false;
      replan();
    });
  };

  const onChange = (change: EngineChange) => {
    let relevant = change.settings || Boolean(change.fromOtherProcess);
    for (const op of change.ops) {
      if (WHO_IS_PAGED_OPS.some((p) => op.type.startsWith(p))) relevant = true;
      else if (op.type.startsWith('incident.') && !PAGING_NEUTRAL_OPS.has(op.type)) {
        touched.add(op.entity);
        relevant = true;
      }
    }
    if (relevant) replanSoon();
  };

  const onAction = (incidentId: string, action: NotificationAction | 'open') => {
    // `open` is the desktop's business (it focuses the incident through its own listener on the notifier).
    // Only an incident's own bubble acknowledges or snoozes (not the summary, not a shift reminder).
    if (closed || action === 'open' || !incidentId.startsWith('inc_')) return;
    const actor = engine.localActor();
    const done = action === 'acknowledge'
      ? engine.acknowledge([incidentId], actor)
      : engine.snooze([incidentId], SNOOZE_ACTION_MINUTES, actor);
    done.then(
      () => log.info(`pager: ${incidentId} ${action === 'acknowledge' ? 'acknowledged' : `snoozed for ${SNOOZE_ACTION_MINUTES} min`} from the notification by ${actor}`),
      (e: unknown) => log.warn(`pager: could not ${action} ${incidentId} from the notification: ${(e as Error).message}`),
    );
  };

  return {
    get notifierName() { return notifier.name; },
    start() {
      if (started || closed) return;
      started = true;
      // Nothing can be shown: no point watching (and the receiver's hot path stays free of planning work).
      if (notifier.name === 'none') return;
      notifier.onAction(onAction);
      unsubscribe = engine.onChange(onChange);
      for (const s of engine.openIncidentStates()) open.set(s.id, s);
      memory = initialMemory(withEscalation(clock.now()).pageables, clock.now());
      replan();
    },
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe?.();
      cancelTimer?.();
      // Bubbles left behind would offer buttons nobody answers any more.
      for (const [id, m] of memory) if (m.bubble) enqueue(id, 'withdraw a page', () => notifier.withdraw(id));
      if ([...memory.values()].some((m) => m.inSummary)) enqueue(SUMMARY_NOTIFICATION_ID, 'withdraw a page', () => notifier.withdraw(SUMMARY_NOTIFICATION_ID));
      memory = new Map();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...chains.values()]),
        new Promise<void>((resolve) => { timer = setTimeout(resolve, CLOSE_GRACE_MS); }),
      ]);
      clearTimeout(timer);
    },
  };
}
