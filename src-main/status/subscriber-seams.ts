// Where subscribers meet status pages. Status pages (their ops, fold and public view) are built apart; subscribers
// need only two answers from them, behind these interfaces, which the composition root fills from the status-page
// fold. Tests fill them from fixtures.
import type { Op } from '../../src-shared/domain/ops.ts';
import type { NoticePage, PublishedUpdate } from '../../src-shared/schemas/subscribers.ts';

export type { NoticePage, PublishedUpdate };

/**
 * For an op this device wrote: which published pages it touches, and what each page now says of the incident —
 * none for an op that publishes nothing (a note, an acknowledgement, an incident on no page). Public fields only:
 * subscribers are told exactly what the page shows.
 */
export interface PublishedUpdates {
  of(op: Op): PublishedUpdate[];
}

/** The published pages by slug (the public endpoints) and by id (the admin API); null: no such published page. */
export interface StatusPageDirectory {
  bySlug(slug: string): NoticePage | null;
  byId(id: string): NoticePage | null;
}

/** A receiver built without status pages (the receiver alone, in tests): no page, so nothing to subscribe to or tell. */
export const NO_STATUS_PAGES: { updates: PublishedUpdates; pages: StatusPageDirectory } = {
  updates: { of: () => [] },
  pages: { bySlug: () => null, byId: () => null },
};
