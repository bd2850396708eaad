// The components section: each group, each component's state and its 90 daily bars. A bar is focusable, so a tap
// on a phone (or Tab on a keyboard) opens its popup as hovering does on a desktop — no script involved.
import type { PublicComponent, PublicDay, PublicGroup } from '../../../src-shared/schemas/public-status.ts';
import { esc } from './escape.ts';
import { day, percent } from './format.ts';
import { dayClass, stateClass } from './scale.ts';
import { STATE_TEXT, TEXT } from './strings.ts';

/** `30 Nov 2026` per date, worked out once per date (every component has the same 90 days). */
type DayLabels = Map<string, string>;

/**
 * One day's text: date, uptime, incidents. Only incident titles come from people; the rest is made here and needs no
 * escaping. Concatenation rather than arrays and joins: a page has 90 of these per component (see bench statuspage).
 */
function dayText(d: PublicDay, labels: DayLabels): string {
  let label = labels.get(d.date);
  if (label === undefined) labels.set(d.date, label = esc(day(d.date)));
  let text = label + ' · ' + (d.uptime !== null ? `${percent(d.uptime)} ${TEXT.uptime}` : d.state === 'maintenance' ? STATE_TEXT.maintenance : TEXT.noData);
  if (d.incidents.length === 0) return text + ' · ' + TEXT.noIncidents;
  text += ' · ' + TEXT.incidents(d.incidents.length) + ':';
  for (let i = 0; i < d.incidents.length; i++) text += (i === 0 ? ' ' : '; ') + esc(d.incidents[i]!.title);
  return text;
}

/**
 * Every bar takes focus from a tap or a click (its popup opens), but only the days worth a look — an incident, less
 * than full uptime — are stops for the Tab key: a keyboard user reaches what happened without 90 stops per component.
 */
function bars(days: readonly PublicDay[], labels: DayLabels): string {
  let html = '';
  for (const d of days) {
    const cls = dayClass(d);
    const stop = d.incidents.length > 0 || (cls !== 'u4' && cls !== 'nd');
    html += `<li tabindex="${stop ? 0 : -1}" class="${cls}"><span>${dayText(d, labels)}</span></li>`;
  }
  return html;
}

function component(c: PublicComponent, labels: DayLabels): string {
  const uptime = c.uptime90 === null ? TEXT.noData : `${percent(c.uptime90)} ${TEXT.uptime}`;
  const days = c.days.length;
  return `<div class="comp" id="c-${esc(c.id)}"><div class="row"><span class="name">${esc(c.name)}</span>` +
    `<span class="state ${stateClass(c.state)}">${STATE_TEXT[c.state]}</span></div>` +
    `<ol class="bars" aria-label="${esc(c.name)}: ${TEXT.daysOfHistory(days)}">${bars(c.days, labels)}</ol>` +
    `<div class="legend"><span class="l90">${TEXT.daysAgo(days)}</span><span class="l30">${TEXT.daysAgo(Math.min(days, 30))}</span>` +
    `<span>${uptime}</span><span>${TEXT.today}</span></div></div>`;
}

export function componentsSection(groups: readonly PublicGroup[]): string {
  const shown = groups.filter((g) => g.components.length > 0);
  if (shown.length === 0) return '';
  const labels: DayLabels = new Map();
  const body = shown.map((g) =>
    `<div class="card group">${g.name === null ? '' : `<h3>${esc(g.name)}</h3>`}${g.components.map((c) => component(c, labels)).join('')}</div>`).join('');
  return `<section aria-labelledby="h-components"><h2 id="h-components">${TEXT.components}</h2>${body}</section>`;
}
