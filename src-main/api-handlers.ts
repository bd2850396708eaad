// The window's methods (src-shared/api.ts) answered by the engine: one set of handlers behind both bridges
// (Electron IPC and the browser's HTTP bridge). Inputs arrive already validated by the bridge.
import type { KlaxonHandlers, ChangeNotice, Caller } from '../src-shared/api.ts';
import type { HostInfo } from '../src-shared/schemas/settings.ts';
import type { Engine, EngineChange } from './engine/types.ts';
import type { BrowserSessions } from './http/browser/sessions.ts';
import { stormOf, stormWindowStart } from '../src-shared/domain/storm.ts';
import { createTeamHandlers, type TeamHandlerDeps } from './team-handlers.ts';
import { createOnCallHandlers } from './oncall-handlers.ts';
import { createReportHandlers } from './report-handlers.ts';
import { createCalendarHandlers } from './calendar-handlers.ts';
import { createWebhookHandlers, type WebhookSender } from './webhook-handlers.ts';
import { createLocalActionHandlers, type LocalActionRuns } from './local-action-handlers.ts';
import { createMonitorHandlers } from './monitor-handlers.ts';
import type { MonitorState } from '../src-shared/domain/monitors/fold.ts';
import type { MonitorCheck } from '../src-shared/schemas/monitors.ts';
import { toSubscriber } from './engine/subscriber-facet.ts';

export function createApiHandlers(deps: {
  engine: Engine; hostInfo: () => HostInfo; sessions: BrowserSessions; webhooks?: WebhookSender; localActions?: LocalActionRuns;
  /** Where a monitor this device runs stands (its runners answer). */
  monitorCheck?: (m: MonitorState) => MonitorCheck | undefined;
} & Omit<TeamHandlerDeps, 'engine'>): KlaxonHandlers {
  const { engine, sessions } = deps;
  // Acts done in the window are the local user's, unless a browser session signed in with an API key made them.
  const actor = (caller: Caller | undefined) => caller?.actor ?? engine.localActor();
  return {
    'incidents.list': async (q) => engine.listIncidents(q),
    'incidents.get': async ({ id }) => engine.getIncident(id),
    'incidents.create': (input, caller) => engine.createIncident(input, actor(caller)),
    'incidents.update': ({ id, patch }, caller) => engine.updateIncident(id, patch, actor(caller)),
    'incidents.acknowledge': ({ ids }, caller) => engine.acknowledge(ids, actor(caller)),
    'incidents.resolve': ({ ids }, caller) => engine.resolve(ids, actor(caller)),
    'incidents.snooze': ({ ids, minutes }, caller) => engine.snooze(ids, minutes, actor(caller)),
    'incidents.postUpdate': ({ id, update }, caller) => engine.postStatusUpdate(id, update, actor(caller)),
    'incidents.addNote': ({ id, note }, caller) => engine.addNote(id, note, actor(caller)),
    'incidents.storm': async () => stormOf(
      engine.incidentsOpenedSince(stormWindowStart(engine.clock.now())), (id) => engine.getService(id)?.name ?? id),
    'maintenance.list': async (q) => engine.listMaintenance(q),
    'maintenance.schedule': (input, caller) => engine.scheduleMaintenance(input, actor(caller)),
    'maintenance.cancel': ({ id }, caller) => engine.cancelMaintenance(id, actor(caller)),
    'webhooks.list': async () => engine.listWebhooks(),
    'webhooks.create': (input, caller) => engine.createWebhook(input, actor(caller)),
    'webhooks.update': ({ id, patch }, caller) => engine.updateWebhook(id, patch, actor(caller)),
    'webhooks.delete': ({ id }, caller) => engine.deleteWebhook(id, actor(caller)),
    'statusPages.list': async () => engine.listStatusPages(),
    'statusPages.create': (input, caller) => engine.createStatusPage(input, actor(caller)),
    'statusPages.update': ({ id, patch }, caller) => engine.updateStatusPage(id, patch, actor(caller)),
    'statusPages.delete': ({ id }, caller) => engine.deleteStatusPage(id, actor(caller)),
    'statusPages.publishIncident': ({ id, incident }, caller) => engine.publishIncident(id, incident, actor(caller)),
    'statusPages.withdrawIncident': ({ id, incidentId }, caller) => engine.withdrawPageIncident(id, incidentId, actor(caller)),
    'statusPages.subscribers': async ({ id }) => { engine.getStatusPage(id); return engine.listSubscribers(id); },
    'statusPages.removeSubscriber': ({ id, subscriberId }, caller) =>
      engine.unsubscribe(subscriberId, 'deleted', actor(caller), id).then(toSubscriber),
    'statusPages.addWebhookSubscriber': async ({ id, url }, caller) => { engine.getStatusPage(id); return engine.addWebhookSubscriber(id, url, actor(caller)); },
    'services.list': async () => engine.listServices(),
    'services.create': (input) => engine.createService(input),
    'services.update': ({ id, patch }) => engine.updateService(id, patch),
    'keys.list': async () => engine.listKeys(),
    'keys.create': (input) => engine.createKey(input),
    'keys.revoke': ({ id }) => engine.revokeKey(id),
    'settings.get': async () => engine.getSettings(),
    'settings.update': (patch) => engine.updateSettings(patch),
    'host.info': async () => deps.hostInfo(),
    'sessions.list': async (_input, caller) => sessions.list(caller?.sessionId),
    'sessions.revoke': async ({ id }) => sessions.revoke(id),
    ...createTeamHandlers(deps),
    ...createOnCallHandlers(engine),
    ...createReportHandlers(engine),
    ...createCalendarHandlers(deps),
    ...createWebhookHandlers(deps),
    ...createMonitorHandlers({ engine, origin: () => deps.hostInfo().baseUrl, check: deps.monitorCheck }),
    ...createLocalActionHandlers(deps),
  };
}

/**
 * The window's view of one engine change (both bridges push it: Electron IPC and the browser's SSE), or null when
 * nothing the window shows changed. Incidents go as their current snapshots, so the window needs no second call.
 */
export function toChangeNotice(change: EngineChange, engine: Pick<Engine, 'incidentsByIds'>): ChangeNotice | null {
  if (change.incidentIds.length === 0 && !change.services && !change.keys && !change.maintenance && !change.settings && !change.roster && !change.oncall && !change.monitors) return null;
  const notice: ChangeNotice = { incidents: change.incidentIds.length > 0 ? engine.incidentsByIds(change.incidentIds) : [] };
  if (change.services) notice.services = true;
  if (change.keys) notice.keys = true;
  if (change.maintenance) notice.maintenance = true;
  if (change.settings) notice.settings = true;
  if (change.roster) notice.roster = true;
  if (change.oncall) notice.oncall = true;
  if (change.monitors) notice.monitors = true;
  return notice;
}
