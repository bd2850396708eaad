// The public view's rules, on the pure builder: the banner is the worst component state (maintenance when a window is
// on and nothing is worse); a component's state comes from the published incidents open on it and its monitors; 90
// UTC days of bars, measured by checks where there are any and told by incidents otherwise; past incidents for 90
// days; maintenance in progress and in the next 14 days.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildPublicStatusPage, type ComponentInput, type IncidentInput, type PublicViewInput } from '../../src-shared/domain/status/public-view.ts';
import { PublicStatusPage } from '../../src-shared/schemas/public-status.ts';
import { componentsTouched, publicImpact } from '../../src-shared/domain/status/public-rules.ts';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const service = (id: string, extra: Partial<ComponentInput> = {}): ComponentInput => ({ id, name: `Name ${id}`, toldByIncidents: true, since: '2026-01-01T00:00:00.000Z', monitors: [], ...extra });
const incident = (id: string, impact: IncidentInput['impact'], componentIds: string[], startedAt: number, resolvedAt: number | null = null): IncidentInput => ({
  id, title: `Incident ${id}`, impact, progress: resolvedAt === null ? 'investigating' : 'resolved', startedAt: iso(startedAt), resolvedAt: resolvedAt === null ? null : iso(resolvedAt), componentIds, updates: [],
});
const page = (components: ComponentInput[], incidents: IncidentInput[] = [], maintenance: PublicViewInput['maintenance'] = []): PublicViewInput =>
  ({ page: { slug: 'acme', name: 'Acme', description: null }, groups: [{ name: null, components }], incidents, maintenance });
const build = (input: PublicViewInput) => PublicStatusPage.parse(buildPublicStatusPage(input, NOW));
const stateOf = (v: PublicStatusPage, id: string) => v.groups.flatMap((g) => g.components).find((c) => c.id === id)!.state;

describe('public status view', () => {
  it('maps the worst open incident on a component to its state (minor → degraded, major → partial, critical → major outage), and the banner to the worst', () => {
    const comps = [service('a'), service('b'), service('c')];
    const v = build(page(comps, [
      incident('1', 'minor', ['a'], NOW - H), incident('2', 'major', ['b'], NOW - H), incident('3', 'none', ['c'], NOW - H),
      incident('4', 'critical', ['c'], NOW - 5 * H, NOW - 4 * H),
    ]));
    assert.deepEqual(['a', 'b', 'c'].map((id) => stateOf(v, id)), ['degraded', 'partial_outage', 'operational']);
    assert.equal(v.overall, 'partial_outage');
    assert.deepEqual(v.activeIncidents.map((i) => i.id), ['1', '2', '3'], 'started together: by id');
    assert.deepEqual(v.pastIncidents.map((i) => i.id), ['4']);
    assert.equal(build(page(comps, [incident('5', 'critical', ['a'], NOW - H)])).overall, 'major_outage');
    assert.equal(build(page(comps)).overall, 'operational');
  });

  it('reads monitors: some down is a partial outage, all down a major one, unknown says nothing', () => {
    const some = service('s', { monitors: [{ down: true, days: [] }, { down: false, days: [] }, { down: null, days: [] }] });
    const all = service('t', { monitors: [{ down: true, days: [] }, { down: null, days: [] }] });
    const v = build(page([some, all]));
    assert.deepEqual([stateOf(v, 's'), stateOf(v, 't')], ['partial_outage', 'major_outage']);
  });

  it('shows maintenance in progress as the state and banner when nothing is worse; failing checks during it are expected', () => {
    const window = { id: 'm1', title: 'DB upgrade', message: null, impact: 'minor' as const, startsAt: iso(NOW - H), endsAt: iso(NOW + H), componentIds: ['a'] };
    const v = build(page([service('a', { monitors: [{ down: true, days: [] }] }), service('b')], [], [window]));
    assert.equal(stateOf(v, 'a'), 'maintenance');
    assert.equal(v.overall, 'maintenance');
    assert.deepEqual(v.maintenance.map((m) => [m.id, m.inProgress]), [['m1', true]]);
    const worse = build(page([service('a'), service('b')], [incident('1', 'minor', ['b'], NOW - H)], [window]));
    assert.equal(worse.overall, 'degraded');
    // A published incident on the component is worse than its maintenance.
    assert.equal(stateOf(build(page([service('a')], [incident('2', 'major', ['a'], NOW - H)], [window])), 'a'), 'partial_outage');
  });

  it('lists maintenance in progress and in the next 14 days, soonest first; not past or farther ones', () => {
    const w = (id: string, from: number, to: number) => ({ id, title: id, message: 'm', impact: 'none' as const, startsAt: iso(NOW + from * H), endsAt: iso(NOW + to * H), componentIds: [] });
    const v = build(page([service('a')], [], [w('later', 20 * 24, 20 * 24 + 2), w('soon', 13 * 24, 13 * 24 + 2), w('now', -1, 1), w('past', -5, -3)]));
    assert.deepEqual(v.maintenance.map((m) => [m.id, m.inProgress]), [['now', true], ['soon', false]]);
  });

  it('has 90 UTC days per component ending today: checks where measured, incidents otherwise, nothing before it existed', () => {
    const yesterday = Date.parse('2026-11-29T00:00:00Z');
    const told = service('told', { since: '2026-11-01T00:00:00.000Z' });
    const checked = service('checked', { toldByIncidents: false, monitors: [
      { down: false, days: [{ date: '2026-11-29', up: 90, degraded: 5, down: 5 }] },
      { down: false, days: [{ date: '2026-11-29', up: 100, degraded: 0, down: 0 }] },
    ] });
    const v = build(page([told, checked], [incident('1', 'major', ['told', 'checked'], yesterday + 6 * H, yesterday + 12 * H)]));
    const [t, c] = v.groups[0]!.components;
    assert.equal(t!.days.length, 90);
    assert.equal(t!.days[89]!.date, '2026-11-30');
    assert.equal(t!.days[0]!.date, '2026-09-02');
    const tDay = t!.days[88]!;
    assert.deepEqual([tDay.date, tDay.uptime, tDay.state, tDay.incidents], ['2026-11-29', 0.75, 'partial_outage', [{ id: '1', title: 'Incident 1' }]]);
    assert.equal(t!.days[89]!.uptime, 1, 'today so far, no outage');
    assert.equal(t!.days[89]!.state, 'operational');
    assert.equal(t!.days[0]!.uptime, null, 'before it existed');
    assert.equal(t!.days[0]!.state, null);
    const cDay = c!.days[88]!;
    assert.equal(cDay.uptime, 195 / 200);
    assert.equal(cDay.state, 'partial_outage', 'the incident, and 97.5 % measured');
    assert.equal(c!.days[87]!.uptime, null, 'a monitor component says nothing without checks');
    assert.equal(c!.uptime90, 195 / 200);
    // uptime90: the mean of the days it has.
    const toldDays = t!.days.filter((d) => d.uptime !== null);
    assert.equal(t!.uptime90, toldDays.reduce((a, d) => a + d.uptime!, 0) / toldDays.length);
  });

  it('keeps past incidents 90 days, newest first, with their updates newest first; an incident about no component speaks for the page', () => {
    const old = incident('old', 'major', ['a'], NOW - 100 * 24 * H, NOW - 95 * 24 * H);
    const recent = { ...incident('recent', 'minor', ['a'], NOW - 10 * 24 * H, NOW - 9 * 24 * H), updates: [
      { at: iso(NOW - 10 * 24 * H), progress: 'investigating' as const, message: 'Looking' },
      { at: iso(NOW - 9 * 24 * H), progress: 'resolved' as const, message: 'Fixed' },
    ] };
    const older = incident('older', 'minor', ['a'], NOW - 20 * 24 * H, NOW - 19 * 24 * H);
    const wide = incident('wide', 'critical', [], NOW - H);
    const v = build(page([service('a')], [old, older, recent, wide]));
    assert.deepEqual(v.pastIncidents.map((i) => i.id), ['recent', 'older']);
    assert.deepEqual(v.pastIncidents[0]!.updates.map((u) => u.message), ['Fixed', 'Looking']);
    assert.equal(stateOf(v, 'a'), 'operational');
    assert.equal(v.overall, 'major_outage');
    assert.deepEqual(v.activeIncidents.map((i) => i.id), ['wide']);
  });

  it('an incident touches its service and the monitors it names, or every monitor of its service when it names none; no impact reads from severity', () => {
    const comps = [
      { type: 'service' as const, id: 'svc_a', serviceId: 'svc_a' }, { type: 'monitor' as const, id: 'mon_1', serviceId: 'svc_a' },
      { type: 'monitor' as const, id: 'mon_2', serviceId: 'svc_a' }, { type: 'monitor' as const, id: 'mon_3', serviceId: 'svc_b' },
    ];
    assert.deepEqual(componentsTouched({ serviceId: 'svc_a', monitorIds: ['mon_2'] }, comps).map((c) => c.id), ['svc_a', 'mon_2']);
    assert.deepEqual(componentsTouched({ serviceId: 'svc_a', monitorIds: [] }, comps).map((c) => c.id), ['svc_a', 'mon_1', 'mon_2']);
    assert.deepEqual(componentsTouched({ serviceId: 'svc_b', monitorIds: [] }, comps).map((c) => c.id), ['mon_3']);
    assert.deepEqual([publicImpact(null, 'critical'), publicImpact(null, 'error'), publicImpact(null, 'info'), publicImpact('minor', 'critical')], ['major', 'minor', 'none', 'minor']);
  });
});
