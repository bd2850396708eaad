// The window's methods (src-shared/api.ts) answered by the engine: one set of handlers behind both bridges
// (Electron IPC and the browser's HTTP bridge). Inputs arrive already validated by the bridge.
import type { KlaxonHandlers, ChangeNotice } from '../src-shared/api.ts';
import type { HostInfo } from '../src-shared/schemas/settings.ts';
import type { Engine, EngineChange } from './engine/types.ts';
import { createTeamHandlers, type TeamHandlerDeps } from './team-handlers.ts';

export function createApiHandlers(deps: { engine: Engine; hostInfo: () => HostInfo } & Omit<TeamHandlerDeps, 'engine'>): KlaxonHandlers {
  const { engine } = deps;
  // Acts done in the window are the local user's.
  const me = () => engine.localActor();
  return {
    'incidents.list': async (q) => engine.listIncidents(q),
    'incidents.get': async ({ id }) => engine.getIncident(id),
    'incidents.create': (input) => engine.createIncident(input, me()),
    'incidents.update': ({ id, patch }) => engine.updateIncident(id, patch, me()),
    'incidents.acknowledge': ({ ids }) => engine.acknowledge(ids, me()),
    'incidents.resolve': ({ ids }) => engine.resolve(ids, me()),
    'incidents.snooze': ({ ids, minutes }) => engine.snooze(ids, minutes, me()),
    'incidents.postUpdate': ({ id, update }) => engine.postStatusUpdate(id, update, me()),
    'incidents.addNote': ({ id, note }) => engine.addNote(id, note, me()),
    'maintenance.list': async (q) => engine.listMaintenance(q),
    'maintenance.schedule': (input) => engine.scheduleMaintenance(input, me()),
    'maintenance.cancel': ({ id }) => engine.cancelMaintenance(id, me()),
    'services.list': async () => engine.listServices(),
    'services.create': (input) => engine.createService(input),
    'services.update': ({ id, patch }) => engine.updateService(id, patch),
    'keys.list': async () => engine.listKeys(),
    'keys.create': (input) => engine.createKey(input),
    'keys.revoke': ({ id }) => engine.revokeKey(id),
    'settings.get': async () => engine.getSettings(),
    'settings.update': (patch) => engine.updateSettings(patch),
    'host.info': async () => deps.hostInfo(),
    ...createTeamHandlers(deps),
  };
}

/**
 * The window's view of one engine change (both bridges push it: Electron IPC and the browser's SSE), or null when
 * nothing the window shows changed. Incidents go as their current snapshots, so the window needs no second call.
 */
export function toChangeNotice(change: EngineChange, engine: Pick<Engine, 'incidentsByIds'>): ChangeNotice | null {
  if (change.incidentIds.length === 0 && !change.services && !change.keys && !change.maintenance && !change.settings && !change.roster) return null;
  const notice: ChangeNotice = { incidents: change.incidentIds.length > 0 ? engine.incidentsByIds(change.incidentIds) : [] };
  if (change.services) notice.services = true;
  if (change.keys) notice.keys = true;
  if (change.maintenance) notice.maintenance = true;
  if (change.settings) notice.settings = true;
  if (change.roster) notice.roster = true;
  return notice;
}
