// What a subscriber's mail says: plain text and simple HTML, built from public fields only (the page, the incident's
// public title, progress and impact, the status-page message) and the links the subscriber needs. Every mail carries
// RFC 8058's one-click unsubscribe headers; the confirmation mail has nothing to unsubscribe from yet.
import type { NoticePage, PublishedUpdate, SubscriberWebhookBody } from '../../schemas/subscribers.ts';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
  headers: Record<string, string>;
}

/** Text into HTML, attribute values included. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Subjects are one line: a title with a line break in it must not become a header of its own. */
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').trim();

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const htmlPage = (body: string): string =>
  `<!doctype html><html><body style="font-family:sans-serif;max-width:40em">${body}</body></html>`;

export const confirmUrl = (page: NoticePage, token: string): string => `${page.publicUrl}/confirm/${encodeURIComponent(token)}`;
export const unsubscribeUrl = (page: NoticePage, token: string): string => `${page.publicUrl}/unsubscribe/${encodeURIComponent(token)}`;

export function confirmationMail(page: NoticePage, token: string): MailContent {
  const link = confirmUrl(page, token);
  const name = oneLine(page.name);
  return {
    subject: `Confirm your subscription to ${name}`,
    text: `Someone (we hope you) asked for email updates from the ${name} status page.\n\nConfirm: ${link}\n\n`
      + `If it was not you, ignore this mail: nothing more will be sent.\n`,
    html: htmlPage(`<p>Someone (we hope you) asked for email updates from the <a href="${escapeHtml(page.publicUrl)}">${escapeHtml(name)}</a> status page.</p>`
      + `<p><a href="${escapeHtml(link)}">Confirm your subscription</a></p><p>If it was not you, ignore this mail: nothing more will be sent.</p>`),
    headers: {},
  };
}

export function noticeMail(u: PublishedUpdate, unsubscribeToken: string): MailContent {
  const unsubscribe = unsubscribeUrl(u.page, unsubscribeToken);
  const progress = capital(u.incident.progress);
  const impact = capital(u.incident.impact);
  const name = oneLine(u.page.name);
  const message = u.message ?? '';
  return {
    subject: `[${name}] ${oneLine(u.incident.title)}: ${progress}`,
    text: `${u.incident.title}\n${progress} · impact: ${impact}\n\n${message ? `${message}\n\n` : ''}`
      + `Status page: ${u.page.publicUrl}\n\nUnsubscribe: ${unsubscribe}\n`,
    html: htmlPage(`<h2>${escapeHtml(u.incident.title)}</h2><p><strong>${escapeHtml(progress)}</strong> · impact: ${escapeHtml(impact)}</p>`
      + (message ? `<p style="white-space:pre-wrap">${escapeHtml(message)}</p>` : '')
      + `<p><a href="${escapeHtml(u.page.publicUrl)}">${escapeHtml(name)} status page</a></p>`
      + `<p style="font-size:small"><a href="${escapeHtml(unsubscribe)}">Unsubscribe</a></p>`),
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

export function noticeWebhookBody(u: PublishedUpdate): string {
  const body: SubscriberWebhookBody = {
    type: 'status_page.incident_updated', timestamp: u.at,
    data: { page: { slug: u.page.slug, name: u.page.name, url: u.page.publicUrl }, incident: u.incident, message: u.message },
  };
  return JSON.stringify(body);
}
