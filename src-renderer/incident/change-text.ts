// How a change is placed next to an incident, in words.

/** "10 min before this incident", "just before this incident". */
export function changeLead(happenedAt: string, incidentCreatedAt: string): string {
  const minutes = Math.floor((Date.parse(incidentCreatedAt) - Date.parse(happenedAt)) / 60_000);
  return minutes < 1 ? 'just before this incident' : `${minutes} min before this incident`;
}

/** Only links a browser may open: a sender's `javascript:` link is shown as text. */
export const safeHref = (href: unknown): string | null => (typeof href === 'string' && /^https?:\/\//i.test(href) ? href : null);
