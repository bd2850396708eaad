// The one function every public status surface is built from (issue 10 §2): a PublicStatusPage from explicit inputs
// that already hold nothing but public facts — public ids, public names, published incidents with their title,
// impact, progress and status-page updates, maintenance windows and daily check counts. Pure: the same inputs and
// instant give the same page on every device.
import type {
  PublicStatusPage, PublicComponent, PublicDay, PublicIncident, PublicMaintenance, ComponentState,
} from '../../schemas/public-status.ts';
import type { Impact, Progress } from '../../schemas/common.ts';
import { IMPACT_STATE, monitorsState, uptimeState, worstState, type MonitorNow } from './public-rules.ts';
import { sumCounts, uptimeShare, type CheckCounts } from '../monitors/uptime.ts';

export const HISTORY_DAYS = 90;
export const MAINTENANCE_AHEAD_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * A view is built for an instant rounded down to this step, so that within a step equal content is an equal view (an
 * ongoing incident's share of today would otherwise change every millisecond, and with it every ETag). Visitors and
 * proxies keep a page as long (max-age), and a built view is kept until the step ends or anything changes.
 */
export const VIEW_STEP_MS = 30_000;
export const viewInstant = (nowMs: number): number => Math.floor(nowMs / VIEW_STEP_MS) * VIEW_STEP_MS;

/** The start of the oldest of the HISTORY_DAYS UTC days shown at `nowMs` (today is the newest). */
export const historyStart = (nowMs: number): number => Math.floor(nowMs / DAY_MS) * DAY_MS - (HISTORY_DAYS - 1) * DAY_MS;

/** One UTC day of one monitor's checks (its daily rollup, or today's hours so far). */
export interface DayCounts extends CheckCounts { date: string }

export interface ComponentInput {
  /** Public id. */
  id: string;
  /** Public name. */
  name: string;
  /** Whether a day without measurements can be told by incidents (a service; a monitor's days are its checks'). */
  toldByIncidents: boolean;
  /** From when it existed: earlier days say nothing. */
  since: string;
  /** Its monitors (a monitor component's one; a service's): what they say now, and their daily counts. */
  monitors: (MonitorNow & { days: DayCounts[] })[];
}

export interface IncidentInput {
  /** Public id. */
  id: string;
  title: string;
  impact: Impact;
  progress: Progress;
  startedAt: string;
  /** When it ended in public (resolved); null while ongoing. */
  resolvedAt: string | null;
  /** Public ids of the components it touches; none: it is about the whole page. */
  componentIds: string[];
  updates: { at: string; progress: Progress; message: string }[];
}

export interface MaintenanceInput {
  id: string;
  title: string;
  message: string | null;
  impact: Impact;
  startsAt: string;
  /** The planned end, or when it was cancelled if that came first. */
  endsAt: string;
  componentIds: string[];
}

export interface PublicViewInput {
  page: { slug: string; name: string; description: string | null };
  groups: { name: string | null; components: ComponentInput[] }[];
  incidents: IncidentInput[];
  maintenance: MaintenanceInput[];
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const overlaps = (aFrom: number, aTo: number, bFrom: number, bTo: number) => aFrom < bTo && bFrom < aTo;

/** An incident or window with its span [from, to) in ms read once (an ongoing incident's up to now). */
interface Timed<T> { item: T; from: number; to: number }

/** Share of [from, to) covered by the union of spans. */
function coveredShare(spans: [number, number][], from: number, to: number): number {
  const cut = spans.map(([a, b]): [number, number] => [Math.max(a, from), Math.min(b, to)]).filter(([a, b]) => a < b).sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let end = from;
  for (const [a, b] of cut) {
    if (b <= end) continue;
    covered += b - Math.max(a, end);
    end = b;
  }
  return covered / (to - from);
}

/** A component's checks per UTC date, summed over its monitors. */
function checksByDate(c: ComponentInput): Map<string, CheckCounts> {
  const byDate = new Map<string, CheckCounts[]>();
  for (const m of c.monitors) for (const d of m.days) byDate.set(d.date, [...(byDate.get(d.date) ?? []), d]);
  return new Map([...byDate].map(([date, days]) => [date, sumCounts(days)]));
}

interface DayContext { c: ComponentInput; since: number; checks: Map<string, CheckCounts>; touching: Timed<IncidentInput>[]; windows: Timed<MaintenanceInput>[]; nowMs: number }

function buildDay({ c, since, checks, touching, windows, nowMs }: DayContext, from: number, date: string): PublicDay {
  const to = from + DAY_MS;
  const today = touching.filter((t) => overlaps(t.from, t.to, from, to));
  // Measured where measured: the monitors' checks that day; else, for a service, the share of the day (up to now,
  // from when it existed) without a published major or critical incident on it.
  const measured = checks.get(date);
  let uptime = measured ? uptimeShare(measured) : null;
  const byChecks = uptime !== null;
  if (!byChecks && c.toldByIncidents) {
    const start = Math.max(from, since);
    const end = Math.min(to, nowMs);
    const outages = today.filter((t) => t.item.impact === 'major' || t.item.impact === 'critical').map((t): [number, number] => [t.from, t.to]);
    if (start < end) uptime = 1 - coveredShare(outages, start, end);
  }
  // The day's state: the worst of its published incidents, of what its checks measured, and maintenance; a day told
  // only by incidents, without one, was operational.
  const maintained = windows.some((w) => overlaps(w.from, w.to, from, Math.min(to, nowMs)));
  const states: ComponentState[] = [
    ...today.map((t) => IMPACT_STATE[t.item.impact]),
    ...(byChecks ? [uptimeState(uptime!)] : []), ...(maintained ? ['maintenance' as const] : []),
  ];
  const state = states.length > 0 ? worstState(states) : uptime === null ? null : 'operational';
  return { date, uptime, state, incidents: today.map((t) => ({ id: t.item.id, title: t.item.title })) };
}

function buildComponent(c: ComponentInput, incidents: Timed<IncidentInput>[], windows: Timed<MaintenanceInput>[], days: { from: number; date: string }[], nowMs: number): PublicComponent {
  const touching = incidents.filter((t) => t.item.componentIds.includes(c.id));
  const mine = windows.filter((w) => w.item.componentIds.includes(c.id));
  const open = touching.filter((t) => t.item.resolvedAt === null).map((t) => IMPACT_STATE[t.item.impact]);
  const inMaintenance = mine.some((w) => w.from <= nowMs && nowMs < w.to);
  // During maintenance the checks' failures are expected (their incidents are silenced too): only what people
  // published counts against it.
  const state = worstState([...open, inMaintenance ? 'maintenance' : monitorsState(c.monitors)]);
  const context: DayContext = { c, since: Date.parse(c.since), checks: checksByDate(c), touching, windows: mine, nowMs };
  const bars = days.map((d) => buildDay(context, d.from, d.date));
  const measured = bars.filter((d) => d.uptime !== null).map((d) => d.uptime!);
  const uptime90 = measured.length === 0 ? null : measured.reduce((a, b) => a + b, 0) / measured.length;
  return { id: c.id, name: c.name, state, uptime90, days: bars };
}

const toPublicIncident = (i: IncidentInput): PublicIncident => ({
  id: i.id, title: i.title, impact: i.impact, progress: i.resolvedAt === null ? i.progress : 'resolved', startedAt: i.startedAt,
  resolvedAt: i.resolvedAt, componentIds: [...i.componentIds],
  updates: [...i.updates].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).map((u) => ({ at: u.at, progress: u.progress, message: u.message })),
});

const newestFirst = (a: PublicIncident, b: PublicIncident) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : a.id < b.id ? -1 : 1);

export function buildPublicStatusPage(input: PublicViewInput, nowMs: number): PublicStatusPage {
  const historyFrom = historyStart(nowMs);
  // Every published incident shows, even one begun after the instant the view is built for (within its step, or on a
  // device whose clock is behind): published is published. Its span on the bars starts no later than that instant.
  const incidents = input.incidents.filter((i) => i.resolvedAt === null || Date.parse(i.resolvedAt) >= historyFrom);
  const windows = input.maintenance.filter((w) => Date.parse(w.endsAt) > Date.parse(w.startsAt));
  const timedIncidents = incidents.map((i) => {
    const from = Math.min(Date.parse(i.startedAt), nowMs);
    return { item: i, from, to: i.resolvedAt === null ? nowMs : Math.max(from, Date.parse(i.resolvedAt)) };
  });
  const timedWindows = windows.map((w) => ({ item: w, from: Date.parse(w.startsAt), to: Date.parse(w.endsAt) }));
  const days = Array.from({ length: HISTORY_DAYS }, (_, k) => ({ from: historyFrom + k * DAY_MS, date: isoDate(historyFrom + k * DAY_MS) }));
  const groups = input.groups.map((g) => ({ name: g.name, components: g.components.map((c) => buildComponent(c, timedIncidents, timedWindows, days, nowMs)) }));
  const onPage = new Set(groups.flatMap((g) => g.components.map((c) => c.id)));
  // An incident about no component of the page (posted to it about another service) speaks for the whole page.
  const pageWide = incidents.filter((i) => i.resolvedAt === null && !i.componentIds.some((id) => onPage.has(id))).map((i) => IMPACT_STATE[i.impact]);
  const overall = worstState([...groups.flatMap((g) => g.components.map((c) => c.state)), ...pageWide]);
  const maintenance: PublicMaintenance[] = windows
    .filter((w) => Date.parse(w.endsAt) > nowMs && Date.parse(w.startsAt) <= nowMs + MAINTENANCE_AHEAD_DAYS * DAY_MS)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || (a.id < b.id ? -1 : 1))
    .map((w) => ({
      id: w.id, title: w.title, message: w.message, impact: w.impact, startsAt: w.startsAt, endsAt: w.endsAt,
      inProgress: Date.parse(w.startsAt) <= nowMs, componentIds: [...w.componentIds],
    }));
  const published = incidents.map(toPublicIncident);
  return {
    slug: input.page.slug, name: input.page.name, description: input.page.description,
    generatedAt: new Date(nowMs).toISOString(), overall, groups,
    activeIncidents: published.filter((i) => i.resolvedAt === null).sort(newestFirst),
    maintenance,
    pastIncidents: published.filter((i) => i.resolvedAt !== null).sort(newestFirst),
  };
}
