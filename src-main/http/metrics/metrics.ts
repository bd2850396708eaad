// What GET /metrics shows, in Prometheus's text format (prom-client). Every label takes few values (statuses,
// urgencies, endpoints, outcomes, kinds, teammates' devices): never an incident, a dedup key or a service, so a
// scraper's storage stays bounded whatever the size of an alert storm.
//
// Events are counted as they are answered (the receiver calls observeEvent); everything else is read when scraped,
// from what already keeps it: open incidents from the maintained incident_counts table, pages from the notifier's
// counts, teammates from sync, who is on call from the schedules and the clock. A scrape costs a few small queries,
// and the hot path pays only a counter and a histogram bucket per event.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventOutcome } from '../../../src-shared/schemas/events.ts';
import { RESPONDER_STATUSES, URGENCIES } from '../../../src-shared/schemas/common.ts';
import type { Engine } from '../../engine/types.ts';
import { eventOutcomeLabel } from './event-outcome.ts';

/** What the rest of the host lends to the metrics (each optional part absent: its metrics are left out). */
export interface MetricsSources {
  engine: Pick<Engine, 'incidentCounts' | 'onCallNow' | 'clock'>;
  version: string;
  /** Totals of what the notifier did since start, by kind (incident, summary, shift_reminder) and failed operation. */
  notifications?: () => { sent: Record<string, number>; withdrawn: Record<string, number>; errors: Record<string, number> };
  /** Teammate devices (null while sync is off). */
  peers?: () => { deviceId: string; connected: boolean; behind: number | null }[] | null;
}

export interface Metrics {
  registry: Registry;
  /** One answered request to an event endpoint: its route, status, what the engine said (2xx) and how long it took. */
  observeEvent(endpoint: string, status: number, outcome: EventOutcome | undefined, elapsedMs: number): void;
}

/** Seconds, from a fast answer on an idle host to a stalled disk. */
const INGEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const OPEN_STATUSES = RESPONDER_STATUSES.filter((s) => s !== 'resolved');

/**
 * `read`, called once for all the metrics one scrape collects together (prom-client collects them in one go): the
 * value is kept until the current task ends. Correct in any order; it only saves reading the same thing twice.
 */
function perScrape<T>(read: () => T): () => T {
  let held: { value: T } | null = null;
  return () => {
    if (!held) {
      held = { value: read() };
      queueMicrotask(() => { held = null; });
    }
    return held.value;
  };
}

let processRegistry: Registry | undefined;
/** CPU, memory, event-loop lag, GC: one set per process, however many Klaxons a test runs in it. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(sources: MetricsSources): Metrics {
  const own = new Registry();
  const registers = [own];
  const { engine } = sources;

  new Gauge({
    name: 'klaxon_info', help: 'Always 1; the version label says which Klaxon answers', labelNames: ['version'], registers,
    collect() { this.set({ version: sources.version }, 1); },
  });

  new Gauge({
    name: 'klaxon_open_incidents', help: 'Incidents not resolved, by status now (snoozes and suppressions that ended count as triggered) and urgency',
    labelNames: ['status', 'urgency'], registers,
    collect() {
      const counts = engine.incidentCounts();
      for (const status of OPEN_STATUSES) for (const urgency of URGENCIES) this.set({ status, urgency }, counts[status][urgency]);
    },
  });

  const events = new Counter({
    name: 'klaxon_events_received_total',
    help: 'Requests to the event endpoints by route and outcome: accepted, deduplicated (a repeat of an open incident), rejected (4xx), throttled (429), unavailable (503)',
    labelNames: ['endpoint', 'outcome', 'status'], registers,
  });
  const ingest = new Histogram({
    name: 'klaxon_ingest_duration_seconds', help: 'From an event request received to its 2xx answer sent (the event is on disk by then)',
    labelNames: ['endpoint'], buckets: INGEST_BUCKETS, registers,
  });

  if (sources.notifications) {
    const read = sources.notifications;
    const totals = (name: string, help: string, labelName: string, pick: (c: ReturnType<typeof read>) => Record<string, number>) =>
      new Counter({
        name, help, labelNames: [labelName], registers,
        collect() {
          // The notifier keeps the totals; a scrape copies them.
          this.reset();
          for (const [label, n] of Object.entries(pick(read()))) this.inc({ [labelName]: label }, n);
        },
      });
    totals('klaxon_pages_sent_total', 'Notifications the OS took, by kind: an incident\'s page (repeats too), the storm summary, a shift reminder', 'kind', (c) => c.sent);
    totals('klaxon_pages_withdrawn_total', 'Notifications withdrawn (acknowledged, resolved, no longer paging here), by kind', 'kind', (c) => c.withdrawn);
    totals('klaxon_notifier_errors_total', 'Notifier calls the OS refused, by operation (notify, withdraw)', 'operation', (c) => c.errors);
  }

  if (sources.peers) {
    const peers = perScrape(sources.peers);
    new Gauge({
      name: 'klaxon_sync_peers_connected', help: 'Teammate devices connected for sync now', registers,
      collect() { this.set(peers()?.filter((p) => p.connected).length ?? 0); },
    });
    new Gauge({
      name: 'klaxon_sync_peer_connected', help: 'Per teammate device (not revoked): 1 while connected for sync, else 0', labelNames: ['device'], registers,
      collect() {
        this.reset();
        for (const p of peers() ?? []) this.set({ device: p.deviceId }, p.connected ? 1 : 0);
      },
    });
    new Gauge({
      name: 'klaxon_sync_peer_ops_behind', help: 'Ops held here that the teammate device lacks (while disconnected: as of its last contact)', labelNames: ['device'], registers,
      collect() {
        this.reset();
        for (const p of peers() ?? []) if (p.behind !== null) this.set({ device: p.deviceId }, p.behind);
      },
    });
  }

  const onCall = perScrape(() => engine.onCallNow(engine.clock.now()).schedules);
  new Gauge({
    name: 'klaxon_schedules', help: 'On-call schedules', registers,
    collect() { this.set(onCall().length); },
  });
  new Gauge({
    name: 'klaxon_oncall_people', help: 'People on call now on at least one schedule', registers,
    collect() { this.set(new Set(onCall().map((s) => s.userId).filter((u) => u !== null)).size); },
  });
  new Gauge({
    name: 'klaxon_schedules_without_oncall', help: 'Schedules with nobody on call now (a gap)', registers,
    collect() { this.set(onCall().filter((s) => s.userId === null).length); },
  });

  return {
    registry: Registry.merge([processMetrics(), own]),
    observeEvent(endpoint, status, outcome, elapsedMs) {
      events.inc({ endpoint, outcome: eventOutcomeLabel(status, outcome), status: String(status) });
      if (status >= 200 && status < 300) ingest.observe({ endpoint }, elapsedMs / 1000);
    },
  };
}
