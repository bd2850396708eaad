// Every word a visitor reads on a status page, badge or feed, in one place: the page can be translated by
// replacing this file's values, and the code that lays pages out holds no prose of its own.
import type { ComponentState, OverallState } from '../../../src-shared/schemas/public-status.ts';
import type { Impact, Progress } from '../../../src-shared/schemas/common.ts';

export const OVERALL_TEXT: Record<OverallState, string> = {
  operational: 'All systems operational',
  maintenance: 'Scheduled maintenance in progress',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const STATE_TEXT: Record<ComponentState, string> = {
  operational: 'Operational',
  maintenance: 'Maintenance',
  degraded: 'Degraded',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const PROGRESS_TEXT: Record<Progress, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const IMPACT_TEXT: Record<Impact, string> = {
  none: 'No impact',
  minor: 'Minor impact',
  major: 'Major impact',
  critical: 'Critical impact',
};

export const TEXT = {
  activeIncidents: 'Current incidents',
  maintenance: 'Scheduled maintenance',
  maintenanceNow: 'In progress',
  maintenanceUpcoming: 'Upcoming',
  pastIncidents: 'Past incidents (90 days)',
  noPastIncidents: 'No incidents in the last 90 days.',
  components: 'Components',
  uptime: 'uptime',
  noData: 'No data',
  daysAgo: (n: number) => `${n} days ago`,
  today: 'Today',
  incidents: (n: number) => (n === 1 ? '1 incident' : `${n} incidents`),
  noIncidents: 'No incidents',
  affects: 'Affects',
  started: 'Started',
  resolved: 'Resolved',
  until: 'until',
  feeds: 'Subscribe',
  subscribeByEmail: 'Get updates by email',
  subscribeButton: 'Subscribe',
  subscribeNote: 'We send one email to confirm first. Every update has a one-click unsubscribe link.',
  notFoundTitle: 'No such status page',
  notFoundBody: 'There is no status page at this address. Check the link you followed.',
  allTimesUtc: 'All times are UTC.',
  badgeStatus: 'status',
  progress: 'Progress',
  daysOfHistory: (n: number) => `${n} days`,
  months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  /** The page's (and its feeds') title. */
  pageName: (name: string) => `${name} status`,
  feedDescription: (name: string) => `Incident updates from the ${name} status page`,
  badgeUptime: 'uptime',
} as const;
