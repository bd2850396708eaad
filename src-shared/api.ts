// The bridge between the window and the engine (Actual Budget's pattern): one map of named methods with their
// input and output schemas. Electron's preload and the browser's HTTP client both implement `KlaxonApi.send`;
// the main side validates every input with these same schemas and answers from one set of handlers.
import { z } from 'zod';
import {
  ListIncidentsQuery, ListIncidentsResponse, IncidentDetail, Incident, CreateIncident, UpdateIncident,
  StatusUpdate, AddNote, Storm,
} from './schemas/incidents.ts';
import { Service, CreateService, UpdateService, ApiKeyInfo, CreateApiKey, CreatedApiKey } from './schemas/admin.ts';
import { Settings, UpdateSettings, HostInfo } from './schemas/settings.ts';
import { Maintenance, CreateMaintenance, ListMaintenanceQuery } from './schemas/maintenance.ts';
import { Webhook, CreateWebhook, UpdateWebhook, WebhookDelivery, DeliveryPageQuery, ListWebhookDeliveriesResponse } from './schemas/webhooks.ts';
import { StatusPage, CreateStatusPage, UpdateStatusPage, PublishIncident } from './schemas/status-pages.ts';
import { Subscriber, AddWebhookSubscriber } from './schemas/subscribers.ts';
import { BrowserSession } from './schemas/sessions.ts';
import { LocalAction, CreateLocalAction, UpdateLocalAction, LocalActionRun } from './schemas/local-actions.ts';
import {
  TeamStatus, CreateTeam, CreateInvite, CreatedInvite, InviteInfo, JoinTeam, RevokeDevice, AddPeer, AddedPeer, User, CreateUser,
} from './schemas/team.ts';
import {
  Schedule, CreateSchedule, UpdateSchedule, CreateOverride, Override, Shift, EscalationPolicy, CreateEscalationPolicy,
  UpdateEscalationPolicy, OnCallNow, ReportQuery, ReportResponse, CalendarFeed,
} from './schemas/oncall.ts';
import { Monitor, CreateMonitor, UpdateMonitor, MonitorResultsResponse } from './schemas/monitors.ts';

const Id = z.object({ id: z.string().min(1) });
const Ids = z.object({ ids: z.array(z.string().min(1)).min(1).max(500) });
const None = z.object({}).strict().optional();

export const API_METHODS = {
  'incidents.list': { input: ListIncidentsQuery, output: ListIncidentsResponse },
  'incidents.get': { input: Id, output: IncidentDetail },
  'incidents.create': { input: CreateIncident, output: Incident },
  'incidents.update': { input: Id.extend({ patch: UpdateIncident }), output: Incident },
  /** One click in the queue, or several selected rows at once. */
  'incidents.acknowledge': { input: Ids, output: z.array(Incident) },
  'incidents.resolve': { input: Ids, output: z.array(Incident) },
  'incidents.snooze': { input: Ids.extend({ minutes: z.number().int().min(1).max(60 * 24 * 30) }), output: z.array(Incident) },
  'incidents.postUpdate': { input: Id.extend({ update: StatusUpdate }), output: IncidentDetail },
  'incidents.addNote': { input: Id.extend({ note: AddNote }), output: IncidentDetail },
  /** The alert storm on now, if any (more than a few dozen incidents opened in the last minutes). */
  'incidents.storm': { input: None, output: Storm.nullable() },
  'maintenance.list': { input: ListMaintenanceQuery, output: z.array(Maintenance) },
  'maintenance.schedule': { input: CreateMaintenance, output: Maintenance },
  'maintenance.cancel': { input: Id, output: Maintenance },
  /** Outbound webhook subscriptions (admin: each carries its signing secret). */
  'webhooks.list': { input: None, output: z.array(Webhook) },
  'webhooks.create': { input: CreateWebhook, output: Webhook },
  'webhooks.update': { input: Id.extend({ patch: UpdateWebhook }), output: Webhook },
  'webhooks.delete': { input: Id, output: Webhook },
  /** A subscription's delivery log on this device, newest first, a page at a time (as GET /api/webhooks/{id}/deliveries). */
  'webhooks.deliveries': { input: Id.extend(DeliveryPageQuery.shape), output: ListWebhookDeliveriesResponse },
  /** The test button: a signed `webhook.test` sent now; answers the delivery after its first try. */
  'webhooks.test': { input: Id, output: WebhookDelivery },
  /** "Send again": a delivery tried now (and retried for another day if it fails); answers it after that try. */
  'webhooks.retry': { input: z.object({ id: z.number().int().positive() }), output: WebhookDelivery },
  /** Status pages (issue 10 §2): anyone may look; changing them is an admin's. */
  'statusPages.list': { input: None, output: z.array(StatusPage) },
  'statusPages.create': { input: CreateStatusPage, output: StatusPage },
  'statusPages.update': { input: Id.extend({ patch: UpdateStatusPage }), output: StatusPage },
  'statusPages.delete': { input: Id, output: StatusPage },
  /** "Publish to status page…" on an incident: posted to page `id`, with its public title, impact and first update. */
  'statusPages.publishIncident': { input: Id.extend({ incident: PublishIncident }), output: Incident },
  /** Takes an incident off the page (as DELETE /api/status-pages/{id}/incidents/{incidentId}). */
  'statusPages.withdrawIncident': { input: Id.extend({ incidentId: z.string().min(1) }), output: StatusPage },
  /** A page's subscribers, email and webhook, unsubscribed ones too (admin: addresses and secrets), oldest first. */
  'statusPages.subscribers': { input: Id, output: z.array(Subscriber) },
  /** Nothing more is sent to the subscriber (as DELETE /api/status-pages/{id}/subscribers/{subscriberId}). */
  'statusPages.removeSubscriber': { input: Id.extend({ subscriberId: z.string().min(1) }), output: Subscriber },
  /** A webhook told of every update the page publishes; the answer carries its new `whsec_` signing secret. */
  'statusPages.addWebhookSubscriber': { input: Id.extend(AddWebhookSubscriber.shape), output: Subscriber },
  'services.list': { input: None, output: z.array(Service) },
  'services.create': { input: CreateService, output: Service },
  'services.update': { input: Id.extend({ patch: UpdateService }), output: Service },
  'keys.list': { input: None, output: z.array(ApiKeyInfo) },
  'keys.create': { input: CreateApiKey, output: CreatedApiKey },
  'keys.revoke': { input: Id, output: ApiKeyInfo },
  'settings.get': { input: None, output: Settings },
  'settings.update': { input: UpdateSettings, output: Settings },
  'host.info': { input: None, output: HostInfo },
  /** Browser sessions signed in to this host (admin): listed, and revoked one by one. */
  'sessions.list': { input: None, output: z.array(BrowserSession) },
  'sessions.revoke': { input: Id, output: BrowserSession },
  'team.status': { input: None, output: TeamStatus },
  'team.create': { input: CreateTeam, output: TeamStatus },
  'team.invite': { input: CreateInvite, output: CreatedInvite },
  /** The invites this device issued (only the inviting device can tell whether one was used). */
  'team.invites': { input: None, output: z.array(InviteInfo) },
  'team.revokeInvite': { input: Id, output: InviteInfo },
  /** Connects to the inviting device and waits until this device holds the team. */
  'team.join': { input: JoinTeam, output: TeamStatus },
  'team.revokeDevice': { input: Id.extend(RevokeDevice.shape), output: TeamStatus },
  /** A teammate's sync address typed by hand. */
  'team.connect': { input: AddPeer, output: AddedPeer },
  /** Lists only: a read never writes. */
  'users.list': { input: None, output: z.array(User) },
  'users.create': { input: CreateUser, output: User },
  /**
   * This device's person, created now if it has none yet (a device in no team, before anything named a person): the
   * window calls it when the On-call page opens, so that "me" can be put on a schedule.
   */
  'users.ensureSelf': { input: None, output: User },
  // ── on-call (issue 9) ──
  'schedules.list': { input: None, output: z.array(Schedule) },
  'schedules.get': { input: Id, output: Schedule },
  'schedules.create': { input: CreateSchedule, output: Schedule },
  'schedules.update': { input: Id.extend({ patch: UpdateSchedule }), output: Schedule },
  'schedules.delete': { input: Id, output: Schedule },
  /** Contiguous spells of one person each, overrides applied, between two instants (ISO 8601). */
  'schedules.shifts': { input: Id.extend({ from: z.string(), to: z.string() }), output: z.array(Shift) },
  'schedules.addOverride': { input: Id.extend({ override: CreateOverride }), output: Override },
  'schedules.removeOverride': { input: Id.extend({ overrideId: z.string().min(1) }), output: Schedule },
  'policies.list': { input: None, output: z.array(EscalationPolicy) },
  'policies.get': { input: Id, output: EscalationPolicy },
  'policies.create': { input: CreateEscalationPolicy, output: EscalationPolicy },
  'policies.update': { input: Id.extend({ patch: UpdateEscalationPolicy }), output: EscalationPolicy },
  'policies.delete': { input: Id, output: EscalationPolicy },
  /** Who is on call at an instant (now by default) for every schedule and policy level. */
  'oncall.now': { input: z.object({ at: z.string().optional() }).strict().optional(), output: OnCallNow },
  /** "Escalate now": the next level is paged at once, even after an acknowledgement. */
  'incidents.escalate': { input: Id, output: IncidentDetail },
  'reports.get': { input: ReportQuery, output: ReportResponse },
  /** The calendar feed URL of a schedule or a person (made on first ask); `rotate` revokes the old URL. */
  'calendar.feed': { input: z.object({ kind: z.enum(['schedule', 'user']), id: z.string().min(1), rotate: z.boolean().optional() }).strict(), output: CalendarFeed },
  // ── monitors (issue 10 §1) ──
  'monitors.list': { input: None, output: z.array(Monitor) },
  'monitors.get': { input: Id, output: Monitor },
  'monitors.create': { input: CreateMonitor, output: Monitor },
  /** Any setting but its kind, `runnerDeviceId` or `paused` (as PATCH /api/monitors/:id takes them). */
  'monitors.update': { input: Id.extend({ patch: UpdateMonitor }), output: Monitor },
  /** Deleted for the whole team (the incidents it opened stay): the monitor as it was. */
  'monitors.delete': { input: Id, output: Monitor },
  'monitors.pause': { input: Id, output: Monitor },
  'monitors.resume': { input: Id, output: Monitor },
  /**
   * Its checks between two instants (ISO 8601; default the last 24 h): raw on its runner, rollups everywhere. `only`
   * leaves the other parts empty (the window asks 90 days of daily rollups without 2,160 hourly ones).
   */
  'monitors.results': {
    input: Id.extend({ from: z.string().optional(), to: z.string().optional(), only: z.array(z.enum(['results', 'hourly', 'daily'])).min(1).optional() }),
    output: MonitorResultsResponse,
  },
  /** Local actions: commands this device runs on incident events (this device only; never from another machine). */
  'localActions.list': { input: None, output: z.array(LocalAction) },
  'localActions.create': { input: CreateLocalAction, output: LocalAction },
  'localActions.update': { input: Id.extend({ patch: UpdateLocalAction }), output: LocalAction },
  'localActions.delete': { input: Id, output: LocalAction },
  /** The test button: the command run now with a `local_action.test` message; answers the run once it ended. */
  'localActions.test': { input: Id, output: LocalActionRun },
  /** A local action's log on this device, newest first (the last 100). */
  'localActions.runs': { input: Id, output: z.array(LocalActionRun) },
  /** "Run again": the run's event given to the command once more; answers the run once it ended. */
  'localActions.rerun': { input: z.object({ id: z.number().int().positive() }), output: LocalActionRun },
} as const;

export type ApiMethod = keyof typeof API_METHODS;
export type ApiInput<K extends ApiMethod> = z.input<(typeof API_METHODS)[K]['input']>;
export type ApiOutput<K extends ApiMethod> = z.infer<(typeof API_METHODS)[K]['output']>;

/**
 * Who is calling, from the browser bridge: the session's id, and the actor its acts are recorded as (`key:<id>` for a
 * session signed in with an API key; null for this machine's user). Electron's IPC and the tray pass no caller.
 */
export interface Caller {
  actor: string | null;
  sessionId: string | null;
  /** The browser is on another machine (not loopback): local actions refuse it. */
  remote?: boolean;
  /** The session may administer (this machine's user, or a key with `admin`); without it, monitors' secrets are hidden. */
  admin?: boolean;
}

/** The main side: one handler per method, given already-validated input. */
export type KlaxonHandlers = {
  [K in ApiMethod]: (input: z.infer<(typeof API_METHODS)[K]['input']>, caller?: Caller) => Promise<ApiOutput<K>>
};

/** What changed, pushed to the window after each commit. Incidents come as their current snapshots. */
export interface ChangeNotice {
  incidents: Incident[];
  services?: boolean;
  keys?: boolean;
  /** A maintenance window was scheduled or cancelled (windows starting and ending are the clock's business). */
  maintenance?: boolean;
  settings?: boolean;
  /** The team's roster changed (team, people, devices): reload the Team page. */
  roster?: boolean;
  /** Schedules, overrides or escalation policies changed: reload the On-call page. */
  oncall?: boolean;
  /** Monitors changed, or new hourly or daily results of theirs arrived: reload the Monitors page. */
  monitors?: boolean;
  /** The feed was interrupted (the browser's stream reconnected): changes may have been missed, reload everything. */
  resync?: boolean;
}

/** The shell asking the window to show something (a `klaxon://incident/<id>` deep link, a notification click). */
export interface NavigateRequest {
  incidentId: string;
}

/** What the renderer holds. It never knows which implementation it has. */
export interface KlaxonApi {
  send<K extends ApiMethod>(method: K, ...input: undefined extends ApiInput<K> ? [input?: ApiInput<K>] : [input: ApiInput<K>]): Promise<ApiOutput<K>>;
  subscribe(onChange: (change: ChangeNotice) => void): () => void;
  /** Electron only (IPC_CHANNELS.navigate): the browser bridge has no shell to ask, so it may leave this out. */
  onNavigate?(listener: (to: NavigateRequest) => void): () => void;
  /** Browser only: ends this tab's session and leaves the window (Electron has no session to end). */
  signOut?(): Promise<void>;
}

export const isApiMethod = (name: unknown): name is ApiMethod => typeof name === 'string' && Object.hasOwn(API_METHODS, name);

export { IPC_CHANNELS } from './ipc-channels.ts';

export { BRIDGE_PATHS, BRIDGE_TAB_HEADER, LOGIN_TOKEN_META } from './bridge.ts';
