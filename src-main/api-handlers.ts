// The window's methods (src-shared/api.ts) answered by the engine: one set of handlers behind both bridges
// (Electron IPC and the browser's HTTP bridge). Inputs arrive already validated by the bridge.
import type { KlaxonHandlers } from '../src-shared/api.ts';
import type { HostInfo } from '../src-shared/schemas/settings.ts';
import type { Engine } from './engine/types.ts';

export function createApiHandlers(deps: { engine: Engine; hostInfo: () => HostInfo }): KlaxonHandlers {
  const { engine } = deps;
  // Acts done in the window are the local user's.
  const me = () => `user:${engine.getSettings().userName}`;
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
    'services.list': async () => engine.listServices(),
    'services.create': (input) => engine.createService(input),
    'services.update': ({ id, patch }) => engine.updateService(id, patch),
    'keys.list': async () => engine.listKeys(),
    'keys.create': (input) => engine.createKey(input),
    'keys.revoke': ({ id }) => engine.revokeKey(id),
    'settings.get': async () => engine.getSettings(),
    'settings.update': (patch) => engine.updateSettings(patch),
    'host.info': async () => deps.hostInfo(),
  };
}
