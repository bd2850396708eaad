// A public status page as one self-contained HTML document: no script, no external asset, one inline stylesheet.
// What it shows comes only from the public view; every piece of text in it passes through `esc`.
import type { PublicStatusPage } from '../../../src-shared/schemas/public-status.ts';
import { esc } from './escape.ts';
import { STYLE } from './style.ts';
import { OVERALL_TEXT, TEXT } from './strings.ts';
import { componentsSection } from './components.ts';
import { activeSection, componentNames, maintenanceSection, pastSection } from './incidents.ts';
import { stateClass } from './scale.ts';

/** The feeds of a page, relative to the page itself (`/status/<slug>`). */
export const FEEDS = [
  { file: 'feed.rss', type: 'application/rss+xml', label: 'RSS' },
  { file: 'feed.atom', type: 'application/atom+xml', label: 'Atom' },
  { file: 'feed.json', type: 'application/feed+json', label: 'JSON Feed' },
] as const;

function document(title: string, head: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>` +
    `<link rel="icon" href="data:,">${head}<style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function renderPage(page: PublicStatusPage): string {
  const base = `/status/${encodeURIComponent(page.slug)}`;
  const names = componentNames(page);
  const feeds = FEEDS.map((f) => ({ ...f, href: `${base}/${f.file}` }));
  const head = (page.description ? `<meta name="description" content="${esc(page.description)}">` : '') +
    feeds.map((f) => `<link rel="alternate" type="${f.type}" title="${esc(`${page.name} (${f.label})`)}" href="${esc(f.href)}">`).join('');
  const body = `<header><h1>${esc(page.name)}</h1>${page.description ? `<p class="muted">${esc(page.description)}</p>` : ''}</header>` +
    `<div class="banner ${stateClass(page.overall)}" role="status">${OVERALL_TEXT[page.overall]}</div>` +
    activeSection(page, names) + maintenanceSection(page, names) + componentsSection(page.groups) + pastSection(page, names) +
    `<footer><form class="subscribe" method="post" action="${esc(base)}/subscribe">` +
    `<label for="subscribe-email">${TEXT.subscribeByEmail}</label> ` +
    `<input id="subscribe-email" type="email" name="email" required autocomplete="email" maxlength="254"> ` +
    `<button type="submit">${TEXT.subscribeButton}</button><small>${TEXT.subscribeNote}</small></form>` +
    `<p>${TEXT.allTimesUtc}</p><p>${TEXT.feeds}: ${feeds.map((f) => `<a href="${esc(f.href)}">${f.label}</a>`).join('')}` +
    `<a href="${esc(base)}/summary.json">JSON</a></p></footer>`;
  return document(`${TEXT.pageName(page.name)}: ${OVERALL_TEXT[page.overall]}`, head, body);
}

export function renderNotFound(): string {
  return document(TEXT.notFoundTitle, '', `<h1>${TEXT.notFoundTitle}</h1><p>${TEXT.notFoundBody}</p>`);
}
