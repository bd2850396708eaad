// Shields-style SVG badges, written by hand: the page's overall state, a component's state, a component's 90-day
// uptime. Text is measured with a small width table (Verdana 11px, as shields draws), good to a pixel or two.
import type { ComponentState, OverallState } from '../../src-shared/schemas/public-status.ts';
import { esc } from './render/escape.ts';
import { percent } from './render/format.ts';
import { STATE_TEXT, TEXT } from './render/strings.ts';

const STATE_COLOURS: Record<ComponentState, string> = {
  operational: '#44cc11', maintenance: '#007ec6', degraded: '#dfb317', partial_outage: '#fe7d37', major_outage: '#e05d44',
};
const NO_DATA = '#9f9f9f';
const UPTIME_COLOURS: readonly [number, string][] = [[0.999, '#44cc11'], [0.99, '#97ca00'], [0.95, '#dfb317'], [0.9, '#fe7d37'], [0, '#e05d44']];

const NARROW = new Set([...'ijlt.,:;|!\'()[] fr1I']);
const WIDE = new Set([...'mwMW%@']);
/** Approximate width in pixels of `text` in Verdana 11px. */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += NARROW.has(ch) ? 4 : WIDE.has(ch) ? 10.5 : ch >= 'A' && ch <= 'Z' ? 7.5 : 6.8;
  return Math.ceil(w);
}

/** The longest label taken from `?label=`: a badge is one line. */
export const MAX_LABEL = 40;

export function badge(label: string, value: string, colour: string): string {
  const lw = textWidth(label) + 10;
  const vw = textWidth(value) + 10;
  const w = lw + vw;
  const l = esc(label);
  const v = esc(value);
  const text = (x: number, t: string) => `<text x="${x}" y="15" fill="#010101" fill-opacity=".3">${t}</text><text x="${x}" y="14">${t}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${l}: ${v}"><title>${l}: ${v}</title>` +
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${colour}"/><rect width="${w}" height="20" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">${text(lw / 2, l)}${text(lw + vw / 2, v)}</g></svg>`;
}

export const stateBadge = (state: OverallState | ComponentState, label: string = TEXT.badgeStatus): string =>
  badge(label, STATE_TEXT[state].toLowerCase(), STATE_COLOURS[state]);

export function uptimeBadge(uptime90: number | null, label: string = TEXT.badgeUptime): string {
  if (uptime90 === null) return badge(label, TEXT.noData.toLowerCase(), NO_DATA);
  return badge(label, percent(uptime90), UPTIME_COLOURS.find(([floor]) => uptime90 >= floor)![1]);
}
