// The components section: each group, each component's state and its 90 daily bars. A bar is focusable, so a tap
// on a phone (or Tab on a keyboard) opens its popup as hovering does on a desktop — no script involved.
import type { PublicComponent, PublicDay, PublicGroup } from '../../../src-shared/schemas/public-status.ts';
import { esc } from './escape.ts';
import { day, percent } from './format.ts';
import { dayClass, stateClass } from './scale.ts';
import { STATE_TEXT, TEXT } from './strings.ts';

function dayText(d: PublicDay): string {
  const parts = [day(d.date), d.uptime === null ? TEXT.noData : `${percent(d.uptime)} ${TEXT.uptime}`];
  if (d.uptime === null && d.state === 'maintenance') parts[1] = STATE_TEXT.maintenance;
  parts.push(d.incidents.length === 0 ? TEXT.noIncidents : `${TEXT.incidents(d.incidents.length)}: ${d.incidents.map((i) => i.title).join('; ')}`);
  return parts.join(' · ');
}

function bar(d: PublicDay): string {
  const text = esc(dayText(d));
  return `<li tabindex="0" class="${dayClass(d)}"><span class="tip">${text}</span></li>`;
}

function component(c: PublicComponent): string {
  const uptime = c.uptime90 === null ? TEXT.noData : `${percent(c.uptime90)} ${TEXT.uptime}`;
  const days = c.days.length;
  return `<div class="comp" id="c-${esc(c.id)}"><div class="row"><span class="name">${esc(c.name)}</span>` +
    `<span class="state ${stateClass(c.state)}">${STATE_TEXT[c.state]}</span></div>` +
    `<ol class="bars" aria-label="${esc(c.name)}: ${days} days">${c.days.map(bar).join('')}</ol>` +
    `<div class="legend"><span class="l90">${TEXT.daysAgo(days)}</span><span class="l30">${TEXT.daysAgo(Math.min(days, 30))}</span>` +
    `<span>${uptime}</span><span>${TEXT.today}</span></div></div>`;
}

export function componentsSection(groups: readonly PublicGroup[]): string {
  const shown = groups.filter((g) => g.components.length > 0);
  if (shown.length === 0) return '';
  const body = shown.map((g) =>
    `<div class="card group">${g.name === null ? '' : `<h3>${esc(g.name)}</h3>`}${g.components.map(component).join('')}</div>`).join('');
  return `<section aria-labelledby="h-components"><h2 id="h-components">${TEXT.components}</h2>${body}</section>`;
}
