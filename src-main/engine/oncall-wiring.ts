// What the engine answers about on-call (issue 9), put together from its parts: schedules and policies written and
// held (oncall-facet), what is derived from them and the clock (oncall-derived), reports, calendar-feed tokens and
// "escalate now". The engine hands in its write path and its caches; nothing here holds state of its own beyond the
// facet's held copy, which the engine drops with its other caches (`forget`).
import type { Service } from '../../src-shared/schemas/admin.ts';
import type { IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import type { RosterState } from '../../src-shared/domain/roster.ts';
import type { Store } from '../store/database.ts';
import { issueCalendarFeed, calendarFeedOpens } from '../store/calendar-feeds.ts';
import type { Clock } from '../clock.ts';
import { requireIncident, type Tx } from './tx.ts';
import type { LocalUserContext } from './commands/local-user.ts';
import { escalateIncident } from './commands/escalate-command.ts';
import { createOnCallFacet, type OnCallMethods } from './oncall-facet.ts';
import { createOnCallDerived, type OnCallDerived } from './oncall-derived.ts';
import { reportQuery } from './report-query.ts';
import type { Engine } from './types.ts';

export interface OnCallWiringDeps {
  store: Store;
  clock: Clock;
  submit<T>(fn: () => T): Promise<T>;
  tx(): Tx;
  user: LocalUserContext;
  service(id: string): Service | null;
  /** When the service was given the escalation policy it has (ms), null without one. */
  policySince(serviceId: string): number | null;
  roster(): RosterState;
  /** The incident as `getIncident` answers it (what "escalate now" answers). */
  detail(id: string): IncidentDetail;
}

type OnCallEngine = OnCallMethods & Pick<Engine, 'shifts' | 'onCallNow' | 'pagingFor' | 'shiftsOfUser' | 'report' | 'calendarFeeds' | 'escalate'>;

export function wireOnCall(deps: OnCallWiringDeps): { forget(): void; escalationDetail: OnCallDerived['escalationDetail']; methods: OnCallEngine } {
  const { store, clock, submit } = deps;
  const onCall = createOnCallFacet({ store, clock, submit, tx: deps.tx, user: deps.user });
  const derived = createOnCallDerived({
    held: onCall.held, schedule: onCall.schedule, service: deps.service, policySince: deps.policySince,
    nameOf: (userId) => deps.roster().users.get(userId)?.name ?? userId,
  });
  return {
    forget: onCall.forget,
    escalationDetail: derived.escalationDetail,
    methods: {
      ...onCall.methods,
      shifts: derived.shifts,
      onCallNow: derived.onCallNow,
      pagingFor: derived.pagingFor,
      shiftsOfUser: derived.shiftsOfUser,
      report: (q) => reportQuery({
        store, service: deps.service, policyOf: derived.policyOf, policySince: derived.policySince, lookup: derived.lookup,
        userName: (id) => deps.roster().users.get(id)?.name ?? null,
      }, q, clock.now()),
      calendarFeeds: {
        issue: (kind, id, rotate) => submit(() => issueCalendarFeed(store, kind, id, clock.now(), rotate)),
        opens: (kind, id, token) => calendarFeedOpens(store, kind, id, token),
      },
      escalate: (id, by) => submit(() => {
        const t = deps.tx();
        const s = requireIncident(t, id);
        escalateIncident(t, s, derived.policyOf(s.serviceId), derived.policySince(s.serviceId), derived.lookup(), by);
      }).then(() => deps.detail(id)),
    },
  };
}
