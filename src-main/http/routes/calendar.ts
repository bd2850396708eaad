// Calendar feeds over HTTP: a schedule's or a person's on-call shifts as iCalendar, for calendar apps to subscribe to.
// Those apps cannot send headers, so the feed's routes take no API key: the token in the URL is the credential, and
// an unknown, rotated or missing token, like an unknown schedule, answers the same 404. Making a feed's URL needs
// `admin`.
import { z } from 'zod';
import { CalendarFeed, IdParam } from '../../../src-shared/schemas/oncall.ts';
import type { KlaxonHandlers } from '../../../src-shared/api.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import type { Engine } from '../../engine/types.ts';
import type { Clock } from '../../clock.ts';
import type { CalendarFeedKind } from '../../store/calendar-feeds.ts';
import { errorResponse, type Router } from '../router.ts';
import { calendarIcs, FEED_REFRESH_SECONDS } from '../calendar-ics.ts';
import { feedEvents, noSuchFeed } from '../calendar-feed.ts';

const FeedQuery = z.object({ token: z.string().max(200).optional() }).strict();
const CreateFeed = z.object({ kind: z.enum(['schedule', 'user']), id: z.string().min(1).max(100), rotate: z.boolean().optional() }).strict();

export function calendarRoutes(router: Router, handlers: KlaxonHandlers, engine: Engine, clock: Clock): void {
  router.route({
    method: 'POST', url: '/api/calendar-feeds', tag: 'Calendar', access: 'admin',
    summary: 'Make the calendar feed URL of a schedule or a person (shown once: only its hash is kept); rotate: a new URL, the old one stops working',
    body: CreateFeed,
    status: 201,
    responses: {
      201: { description: 'The feed and its URL', schema: CalendarFeed }, 400: errorResponse('Invalid body'),
      404: errorResponse('No such schedule or person'), 409: errorResponse('The feed has a URL already: rotate it for a new one'),
    },
    handler: ({ body }) => handlers['calendar.feed'](body),
  });

  const feed = (kind: CalendarFeedKind, path: string, what: string) => router.route({
    method: 'GET', url: `/api/${path}/:id/calendar.ics`, tag: 'Calendar', access: 'feed-token',
    summary: `${what}'s on-call shifts from 30 days ago to 90 days ahead as iCalendar (UTC times), for calendar apps; the token in the URL is the only credential`,
    params: IdParam,
    query: FeedQuery,
    responses: { 200: { description: 'text/calendar' }, 404: errorResponse('No such feed, or its token is unknown, rotated or missing') },
    handler: ({ params, query, reply }) => {
      if (!query.token || !engine.calendarFeeds.opens(kind, params.id, query.token)) throw noSuchFeed();
      let body: ReturnType<typeof feedEvents>;
      try {
        body = feedEvents(engine, kind, params.id, clock.now());
      } catch (e) {
        // The schedule or person is gone since the URL was made: the same answer as any other feed that is not there.
        if (e instanceof KlaxonError && e.code === 'NOT_FOUND') throw noSuchFeed();
        throw e;
      }
      void reply.type('text/calendar; charset=utf-8').header('cache-control', `private, max-age=${FEED_REFRESH_SECONDS}`);
      return calendarIcs(body.name, body.events, clock.now());
    },
  });
  feed('schedule', 'schedules', 'A schedule');
  feed('user', 'users', 'A person');
}
