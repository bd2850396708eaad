// A page's incident updates as RSS 2.0, Atom 1.0 and JSON Feed 1.1, built with `feed`: one item per update (seed
// 002's messages), newest first, so a reader subscribed to the page sees "Identified: API errors" arrive as it is
// posted. An item's id is the incident's public id and the update's time: it never changes once published, so
// readers never show an update twice.
import { Feed, type Item } from 'feed';
import type { PublicIncident, PublicStatusPage, PublicUpdate } from '../../src-shared/schemas/public-status.ts';
import { esc } from './render/escape.ts';
import { PROGRESS_TEXT, TEXT } from './render/strings.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** The newest updates only: a feed is for news, and 90 days of a busy page would make every poll heavy. */
export const MAX_FEED_ITEMS = 100;

export const feedItemId = (incidentId: string, at: string): string =>
  `urn:klaxon:incident:${encodeURIComponent(incidentId)}:update:${encodeURIComponent(at)}`;

interface Entry { incident: PublicIncident; update: PublicUpdate; t: number }

function entries(page: PublicStatusPage): Entry[] {
  // An incident published without a message yet is still news: one item for its start, in its current progress.
  const updatesOf = (i: PublicIncident): readonly PublicUpdate[] => (i.updates.length > 0 ? i.updates : [{ at: i.startedAt, progress: i.progress, message: '' }]);
  const all = [...page.activeIncidents, ...page.pastIncidents].flatMap((incident) =>
    updatesOf(incident).map((update) => ({ incident, update, t: Date.parse(update.at) })));
  return all.filter((e) => Number.isFinite(e.t))
    .sort((a, b) => b.t - a.t || a.incident.id.localeCompare(b.incident.id))
    .slice(0, MAX_FEED_ITEMS);
}

/** The message as HTML for readers (feeds carry HTML): escaped, line breaks kept. */
const html = (text: string) => `<p>${esc(text).replace(/\r?\n/g, '<br>')}</p>`;

function buildFeed(page: PublicStatusPage, pageUrl: string): Feed {
  const items = entries(page);
  const feed = new Feed({
    id: pageUrl,
    title: TEXT.pageName(page.name),
    description: page.description ?? TEXT.feedDescription(page.name),
    link: pageUrl,
    language: 'en',
    ttl: 5,
    generator: 'Klaxon',
    // The newest update, not the time of the request: the same content gives the same feed (and the same ETag).
    updated: new Date(items[0]?.t ?? Date.parse(page.generatedAt)),
    feedLinks: { rss: `${pageUrl}/feed.rss`, atom: `${pageUrl}/feed.atom`, json: `${pageUrl}/feed.json` },
  });
  for (const { incident, update, t } of items) {
    const item: Item = {
      id: feedItemId(incident.id, update.at),
      guid: feedItemId(incident.id, update.at),
      title: `${PROGRESS_TEXT[update.progress]}: ${incident.title}`,
      link: `${pageUrl}#i-${encodeURIComponent(incident.id)}`,
      date: new Date(t),
      published: new Date(t),
      description: html(update.message || PROGRESS_TEXT[update.progress]),
    };
    feed.addItem(item);
  }
  return feed;
}

/** JSON Feed 1.1 from the package's 1.0 output: the version, and the page's language. */
function jsonFeed11(feed: Feed): string {
  const doc = JSON.parse(feed.json1()) as Record<string, unknown>;
  return JSON.stringify({ ...doc, version: 'https://jsonfeed.org/version/1.1', language: 'en' });
}

export function renderFeed(page: PublicStatusPage, pageUrl: string, format: FeedFormat): string {
  const feed = buildFeed(page, pageUrl);
  if (format === 'rss') return feed.rss2();
  if (format === 'atom') return feed.atom1();
  return jsonFeed11(feed);
}
