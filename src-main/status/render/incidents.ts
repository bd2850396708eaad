// Incidents and maintenance as a visitor reads them: where an incident stands on its way to resolved (seed 002's
// investigating → identified → monitoring → resolved), every update newest first, and what it affects.
import type { PublicIncident, PublicMaintenance, PublicStatusPage } from '../../../src-shared/schemas/public-status.ts';
import { PROGRESS_STATUSES } from '../../../src-shared/schemas/common.ts';
import { esc } from './escape.ts';
import { day, instant } from './format.ts';
import { IMPACT_TEXT, PROGRESS_TEXT, TEXT } from './strings.ts';

export type ComponentNames = ReadonlyMap<string, string>;

export function componentNames(page: PublicStatusPage): ComponentNames {
  return new Map(page.groups.flatMap((g) => g.components.map((c) => [c.id, c.name] as const)));
}

const time = (iso: string) => `<time datetime="${esc(iso)}">${esc(instant(iso))}</time>`;

function affects(ids: readonly string[], names: ComponentNames): string {
  const known = ids.map((id) => names.get(id)).filter((n): n is string => n !== undefined);
  return known.length === 0 ? '' : ` · ${TEXT.affects} ${esc(known.join(', '))}`;
}

function steps(i: PublicIncident): string {
  const at = PROGRESS_STATUSES.indexOf(i.progress);
  return `<ol class="steps" aria-label="${TEXT.progress}">${PROGRESS_STATUSES.map((p, n) =>
    `<li class="${n < at ? 'done' : n === at ? 'now' : ''}"${n === at ? ' aria-current="step"' : ''}>${PROGRESS_TEXT[p]}</li>`).join('')}</ol>`;
}

function timeline(i: PublicIncident): string {
  if (i.updates.length === 0) return '';
  return `<ol class="timeline">${i.updates.map((u) =>
    `<li><strong>${PROGRESS_TEXT[u.progress]}</strong> <span class="muted">${time(u.at)}</span>` +
    `${u.message === '' ? '' : `<p class="msg">${esc(u.message)}</p>`}</li>`).join('')}</ol>`;
}

function meta(i: PublicIncident, names: ComponentNames): string {
  const span = i.resolvedAt ? `${TEXT.resolved} ${time(i.resolvedAt)}` : `${TEXT.started} ${time(i.startedAt)}`;
  return `<p class="meta">${IMPACT_TEXT[i.impact]} · ${span}${affects(i.componentIds, names)}</p>`;
}

function activeIncident(i: PublicIncident, names: ComponentNames): string {
  return `<article class="card incident imp-${i.impact}" id="i-${esc(i.id)}"><h3>${esc(i.title)}</h3>` +
    `${meta(i, names)}${steps(i)}${timeline(i)}</article>`;
}

function pastIncident(i: PublicIncident, names: ComponentNames): string {
  return `<details class="card incident imp-${i.impact}" id="i-${esc(i.id)}"><summary>${esc(i.title)} ` +
    `<span class="muted">· ${esc(day(i.startedAt.slice(0, 10)))}</span></summary>` +
    `${meta(i, names)}${timeline(i)}</details>`;
}

function maintenanceWindow(m: PublicMaintenance, names: ComponentNames): string {
  const when = m.inProgress ? TEXT.maintenanceNow : TEXT.maintenanceUpcoming;
  return `<article class="card incident s-maintenance" id="m-${esc(m.id)}"><h3>${esc(m.title)}</h3>` +
    `<p class="meta"><strong>${when}</strong> · ${time(m.startsAt)} ${TEXT.until} ${time(m.endsAt)}${affects(m.componentIds, names)}</p>` +
    `${m.message ? `<p class="msg">${esc(m.message)}</p>` : ''}</article>`;
}

const section = (id: string, title: string, body: string) => `<section aria-labelledby="h-${id}"><h2 id="h-${id}">${title}</h2>${body}</section>`;

export function activeSection(page: PublicStatusPage, names: ComponentNames): string {
  if (page.activeIncidents.length === 0) return '';
  return section('active', TEXT.activeIncidents, page.activeIncidents.map((i) => activeIncident(i, names)).join(''));
}

export function maintenanceSection(page: PublicStatusPage, names: ComponentNames): string {
  if (page.maintenance.length === 0) return '';
  return section('maintenance', TEXT.maintenance, page.maintenance.map((m) => maintenanceWindow(m, names)).join(''));
}

export function pastSection(page: PublicStatusPage, names: ComponentNames): string {
  const body = page.pastIncidents.length === 0
    ? `<p class="muted">${TEXT.noPastIncidents}</p>`
    : page.pastIncidents.map((i) => pastIncident(i, names)).join('');
  return section('past', TEXT.pastIncidents, body);
}
