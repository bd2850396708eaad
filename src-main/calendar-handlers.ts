// The bridge's calendar.feed (also POST /api/calendar-feeds): a feed's URL, made on the first ask. Only the token's
// hash is kept, so the URL is shown when it is made and never again; asking again answers 409 until `rotate` makes a
// new one (and the old URL stops working, answering 404 like any unknown one).
import type { KlaxonHandlers } from '../src-shared/api.ts';
import type { HostInfo } from '../src-shared/schemas/settings.ts';
import { KlaxonError } from '../src-shared/schemas/errors.ts';
import type { Engine } from './engine/types.ts';
import { feedTargetName, feedUrl } from './http/calendar-feed.ts';

export function createCalendarHandlers(deps: { engine: Engine; hostInfo: () => HostInfo }): Pick<KlaxonHandlers, 'calendar.feed'> {
  const { engine } = deps;
  return {
    'calendar.feed': async ({ kind, id, rotate }) => {
      const name = feedTargetName(engine, kind, id);
      const made = await engine.calendarFeeds.issue(kind, id, rotate ?? false);
      if ('liveSince' in made) {
        throw new KlaxonError('CONFLICT', `The calendar feed of ${name} was made ${new Date(made.liveSince).toISOString()} and its URL is shown only `
          + 'once: rotate it to get a new URL (the old one stops working)');
      }
      return { kind, id, url: feedUrl(deps.hostInfo(), kind, id, made.token), createdAt: new Date(made.createdAt).toISOString() };
    },
  };
}
