// Public status page views for the tests and the bench: a page like a real one (groups, 90 days of history, an
// incident in progress through seed 002's steps, maintenance, past incidents), and a StatusSource serving them.
import type { PublicComponent, PublicDay, PublicIncident, PublicStatusPage } from '../../src-shared/schemas/public-status.ts';
import { PublicStatusPage as PageSchema } from '../../src-shared/schemas/public-status.ts';
import type { StatusSource } from '../../src-main/status/source.ts';

export const FIXTURE_NOW = Date.parse('2026-11-30T15:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** 90 days ending on FIXTURE_NOW's day; `shape(i)` (0 = oldest) gives a day's uptime, null for no data. */
export function days(shape: (i: number) => number | null, incidentsOn: Record<number, { id: string; title: string }[]> = {}): PublicDay[] {
  const today = Date.UTC(2026, 10, 30);
  return Array.from({ length: 90 }, (_, i) => {
    const uptime = shape(i);
    return {
      date: iso(today - (89 - i) * DAY).slice(0, 10), uptime, state: uptime === null ? null : uptime >= 0.999 ? 'operational' : 'degraded',
      incidents: incidentsOn[i] ?? [],
    } satisfies PublicDay;
  });
}

export function component(id: string, name: string, opts: Partial<PublicComponent> = {}): PublicComponent {
  return { id, name, state: 'operational', uptime90: 0.9995, days: days((i) => (i < 10 ? null : 1)), ...opts };
}

/** Seed 002's incident, three updates in: investigating → identified → monitoring. */
export const API_INCIDENT: PublicIncident = {
  id: 'inc-api-latency', title: 'API Latency Issues', impact: 'major', progress: 'monitoring',
  startedAt: '2026-11-30T13:02:00Z', resolvedAt: null, componentIds: ['api'],
  updates: [
    { at: '2026-11-30T14:40:00Z', progress: 'monitoring', message: 'Fix deployed, monitoring system stability' },
    { at: '2026-11-30T13:30:00Z', progress: 'identified', message: 'The issue is caused by database connection limits' },
    { at: '2026-11-30T13:02:00Z', progress: 'investigating', message: 'We are investigating increased API response times.' },
  ],
};

export const PAST_INCIDENT: PublicIncident = {
  id: 'inc-login', title: 'Sign-in failures', impact: 'minor', progress: 'resolved',
  startedAt: '2026-11-20T08:00:00Z', resolvedAt: '2026-11-20T09:10:00Z', componentIds: ['web'],
  updates: [
    { at: '2026-11-20T09:10:00Z', progress: 'resolved', message: 'All systems operational' },
    { at: '2026-11-20T08:00:00Z', progress: 'investigating', message: 'Some people cannot sign in.' },
  ],
};

export function fixturePage(overrides: Partial<PublicStatusPage> = {}): PublicStatusPage {
  return PageSchema.parse({
    slug: 'acme', name: 'Acme', description: 'Acme Cloud service status', generatedAt: iso(FIXTURE_NOW),
    overall: 'partial_outage',
    groups: [
      {
        name: 'Core', components: [
          component('api', 'Public API', { state: 'partial_outage', uptime90: 0.99412, days: days((i) => (i === 89 ? 0.93 : i === 60 ? 0.995 : 1), { 89: [{ id: API_INCIDENT.id, title: API_INCIDENT.title }] }) }),
          component('web', 'Website', { days: days((i) => (i === 79 ? 0.98 : 1), { 79: [{ id: PAST_INCIDENT.id, title: PAST_INCIDENT.title }] }) }),
        ],
      },
      { name: null, components: [component('mail', 'Email delivery', { uptime90: null, days: days(() => null) })] },
    ],
    activeIncidents: [API_INCIDENT],
    maintenance: [{
      id: 'mnt-db', title: 'Database upgrade', message: 'Writes pause for up to 5 minutes.', impact: 'minor',
      startsAt: '2026-12-02T22:00:00Z', endsAt: '2026-12-02T23:00:00Z', inProgress: false, componentIds: ['api'],
    }],
    pastIncidents: [PAST_INCIDENT],
    ...overrides,
  });
}

/** A page of `n` components with 90 days each, for the bench. */
export function bigPage(n: number): PublicStatusPage {
  const comps = Array.from({ length: n }, (_, c) => component(`c${c}`, `Component ${c}`, {
    uptime90: 0.998, days: days((i) => ((i + c) % 17 === 0 ? 0.97 : 0.9999), { [c % 90]: [{ id: 'inc-x', title: 'Elevated errors' }] }),
  }));
  return fixturePage({ groups: [0, 1, 2, 3, 4].map((g) => ({ name: `Group ${g}`, components: comps.filter((_, c) => c % 5 === g) })) });
}

/** A StatusSource over pages the test holds and may change (`pages.set(slug, view)`). */
export function fixtureSource(...initial: PublicStatusPage[]): StatusSource & { pages: Map<string, PublicStatusPage>; asked: number[] } {
  const pages = new Map(initial.map((p) => [p.slug, p]));
  const asked: number[] = [];
  return {
    pages, asked,
    page(slug, nowMs) {
      asked.push(nowMs);
      const p = pages.get(slug);
      return p ? { ...p, generatedAt: iso(nowMs) } : null;
    },
  };
}
