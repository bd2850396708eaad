// The status pages' loader (issue 10 §2): reads what a page publishes — the page, its components' monitors and daily
// rollups, its published incidents, the maintenance of its services — turns each into public facts, and builds the
// one PublicStatusPage every public surface (HTML, feeds, summary, badges) renders from.
import { createHmac } from 'node:crypto';
import type { Engine } from '../engine/types.ts';
import {
  buildPublicStatusPage, historyStart, viewInstant, type ComponentInput, type MaintenanceInput,
} from '../../src-shared/domain/status/public-view.ts';
import type { StatusPageState } from '../../src-shared/domain/status/fold.ts';
import type { MonitorState } from '../../src-shared/domain/monitors/fold.ts';
import type { IncidentState } from '../../src-shared/domain/incident-fold.ts';
import { statusPageBySlug } from '../store/status-page-rows.ts';
import { listMonitorRows, monitorRow } from '../store/monitor-rows.ts';
import { dailyCounts, degradedNow } from './monitor-facts.ts';
import type { DayCounts } from '../../src-shared/domain/status/public-view.ts';
import { listMaintenanceRows } from '../store/maintenance-rows.ts';
import { findOpenIncidentOfMonitor } from '../store/incident-rows.ts';
import { publishedIncidents, readPublicFacts, toIncidentInput, type PageComponent, type PublicFacts } from './published-incidents.ts';
import type { Store } from '../store/database.ts';
import type { StatusSource } from './source.ts';
import type { PublicStatusPage } from '../../src-shared/schemas/public-status.ts';

export type { StatusSource };

const DAY_MS = 86_400_000;

/**
 * A public id: a keyed hash of the internal one under the page's own key (replicated with the page), so it is the same
 * on every device and stays put, yet says nothing of the internal id and differs from page to page.
 */
const publicIds = new Map<string, string>();
const publicIdOf = (key: string) => (internal: string): string => {
  const k = `${key} ${internal}`;
  let id = publicIds.get(k);
  if (id === undefined) {
    if (publicIds.size >= 50_000) publicIds.clear();
    id = createHmac('sha256', key).update(internal).digest('base64url').slice(0, 16);
    publicIds.set(k, id);
  }
  return id;
};

/** An incident's public id on a page (what the page, its feeds and its subscribers' notices call it). */
export const publicIncidentId = (page: Pick<StatusPageState, 'idKey'>, incidentId: string): string => publicIdOf(page.idKey)(incidentId);

/** Down now: its incident is open (replicated, so every device says the same); a paused monitor says nothing. */
const isDown = (store: Store, m: MonitorState): boolean | null =>
  m.paused ? null : findOpenIncidentOfMonitor(store, m.id) !== null;

interface Resolved { component: PageComponent; monitors: MonitorState[]; since: string }

function resolveComponents(engine: Pick<Engine, 'store' | 'getService'>, page: StatusPageState, publicId: (s: string) => string): { name: string | null; components: Resolved[] }[] {
  const live = listMonitorRows(engine.store).filter((m) => !m.deleted);
  return page.groups.map((g) => ({
    name: g.name,
    // A component whose service or monitor is not held (not replicated yet, or deleted since) is left out.
    components: g.components.flatMap((c): Resolved[] => {
      const ref = { publicId: publicId(`${c.type}:${c.id}`), name: c.name, type: c.type, id: c.id };
      if (c.type === 'service') {
        const svc = engine.getService(c.id);
        return svc ? [{ component: { ...ref, serviceId: svc.id }, monitors: live.filter((m) => m.config.serviceId === svc.id), since: svc.createdAt }] : [];
      }
      const m = monitorRow(engine.store, c.id);
      return m && !m.deleted ? [{ component: { ...ref, serviceId: m.config.serviceId }, monitors: [m], since: m.createdAt }] : [];
    }),
  }));
}

/** Windows of the page's services that can show (the last 90 days' bars, in progress, coming), ended early if cancelled. */
function maintenanceOf(store: Store, components: PageComponent[], historyFromIso: string, publicId: (s: string) => string): MaintenanceInput[] {
  return listMaintenanceRows(store, historyFromIso).flatMap((w) => {
    const touched = components.filter((c) => w.serviceIds.includes(c.serviceId));
    const endsAt = w.cancelledAt !== null && w.cancelledAt < w.endsAt ? w.cancelledAt : w.endsAt;
    if (touched.length === 0 || endsAt <= w.startsAt) return [];
    return [{ id: publicId(w.id), title: w.title, message: w.message, impact: w.impact, startsAt: w.startsAt, endsAt, componentIds: touched.map((c) => c.publicId) }];
  });
}

export function createStatusSource(engine: Pick<Engine, 'store' | 'getService' | 'onChange' | 'deviceId'>): StatusSource {
  const { store } = engine;
  // An incident's public facts change only with its ops: kept by the last op folded into it, so a page asked for
  // again reads the op log only for incidents that moved since. A revocation can take back an op that was not an
  // incident's last: every roster change forgets them all.
  const facts = new Map<string, PublicFacts>();
  // A page is built for its step's instant (viewInstant) and kept until anything changes (any op: an incident, a
  // monitor's rollup, the page itself) or the next step begins: a page read by many visitors is built once a step.
  let version = 0;
  const views = new Map<string, { view: PublicStatusPage | null; instant: number; version: number }>();
  // Each monitor's days change only when rollups arrive (or the UTC hour turns, bringing a new hourly rollup): kept
  // across builds until then, so a page rebuilt for every update of an incident does not read 90 days of history again.
  const monitorDays = new Map<string, { key: string; days: DayCounts[] }>();
  engine.onChange((c) => { version++; views.clear(); if (c.roster) facts.clear(); if (c.monitors || c.roster || c.fromOtherProcess) monitorDays.clear(); });
  const daysOf = (monitorIds: string[], fromMs: number, toMs: number) => {
    const key = `${fromMs} ${Math.floor(toMs / 3_600_000)}`;
    const missing = monitorIds.filter((id) => monitorDays.get(id)?.key !== key);
    if (missing.length > 0) for (const [id, d] of dailyCounts(store, missing, fromMs, toMs)) monitorDays.set(id, { key, days: d });
    return new Map(monitorIds.map((id) => [id, monitorDays.get(id)?.days ?? []]));
  };
  const factsOf = (s: IncidentState): PublicFacts => {
    const key = `${s.id}@${s.lastHlc}`;
    let f = facts.get(key);
    if (!f) {
      if (facts.size >= 20_000) facts.clear();
      f = readPublicFacts(store, s);
      facts.set(key, f);
    }
    return f;
  };
  return {
    page(slug, nowMs) {
      const instant = viewInstant(nowMs);
      const kept = views.get(slug);
      if (kept && kept.version === version && kept.instant === instant) return kept.view;
      const view = build(slug, instant);
      if (views.size >= 256) views.clear();
      views.set(slug, { view, instant, version });
      return view;
    },
  };

  function build(slug: string, nowMs: number): PublicStatusPage | null {
    const page = statusPageBySlug(store, slug);
    if (!page) return null;
    const publicId = publicIdOf(page.idKey);
    const historyFrom = historyStart(nowMs);
    const historyFromIso = new Date(historyFrom).toISOString();
    const groups = resolveComponents(engine, page, publicId);
    const resolved = groups.flatMap((g) => g.components);
    const components = resolved.map((r) => r.component);
    const monitorIds = [...new Set(resolved.flatMap((r) => r.monitors.map((m) => m.id)))];
    const days = daysOf(monitorIds, historyFrom, nowMs + DAY_MS);
    const degraded = degradedNow(store, [...new Map(resolved.flatMap((r) => r.monitors.map((m) => [m.id, m] as const))).values()], engine.deviceId, nowMs);
    const toInput = (r: Resolved): ComponentInput => ({
      id: r.component.publicId, name: r.component.name, toldByIncidents: r.component.type === 'service', since: r.since,
      monitors: r.monitors.map((m) => ({ down: isDown(store, m), degraded: !m.paused && degraded.has(m.id), days: days.get(m.id) ?? [] })),
    });
    return buildPublicStatusPage({
      page: { slug: page.slug, name: page.name, description: page.description },
      groups: groups.map((g) => ({ name: g.name, components: g.components.map(toInput) })),
      incidents: publishedIncidents(store, page, historyFromIso).map((s) => toIncidentInput(s, factsOf(s), components, publicId)),
      maintenance: maintenanceOf(store, components, historyFromIso, publicId),
    }, nowMs);
  }
}
