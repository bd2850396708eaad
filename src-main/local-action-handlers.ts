// The window's local-action methods: the same configuration and log as /api/local-actions, refused to a browser on
// another machine (a local action runs a program here; Electron's IPC and a browser on this machine may set them).
import type { Caller, KlaxonHandlers } from '../src-shared/api.ts';
import { KlaxonError } from '../src-shared/schemas/errors.ts';
import type { Engine } from './engine/types.ts';
import { localActionConfig } from './outbound/local-action-config.ts';
import type { LocalActionRunner } from './outbound/local-action-runner.ts';
import { toRun } from './outbound/local-action-view.ts';
import { runsOf } from './store/local-actions.ts';

export type LocalActionRuns = Pick<LocalActionRunner, 'test' | 'rerun'>;
type Methods = 'localActions.list' | 'localActions.create' | 'localActions.update' | 'localActions.delete' | 'localActions.test'
  | 'localActions.runs' | 'localActions.rerun';

export function createLocalActionHandlers(deps: { engine: Engine; localActions?: LocalActionRuns }): Pick<KlaxonHandlers, Methods> {
  const config = localActionConfig(deps.engine);
  const here = (caller: Caller | undefined) => {
    if (caller?.remote) throw new KlaxonError('FORBIDDEN', 'Local actions run programs on this device: they are set only from this machine');
  };
  const runner = (): LocalActionRuns => {
    if (!deps.localActions) throw new KlaxonError('UNAVAILABLE', 'Local actions are not running in this process');
    return deps.localActions;
  };
  return {
    'localActions.list': async (_, c) => { here(c); return config.list(); },
    'localActions.create': async (input, c) => { here(c); return config.create(input); },
    'localActions.update': async ({ id, patch }, c) => { here(c); return config.update(id, patch); },
    'localActions.delete': async ({ id }, c) => { here(c); return config.delete(id); },
    'localActions.test': async ({ id }, c) => { here(c); return toRun(await runner().test(id)); },
    'localActions.runs': async ({ id }, c) => { here(c); config.get(id); return runsOf(deps.engine.store, id, 100).map(toRun); },
    'localActions.rerun': async ({ id }, c) => { here(c); return toRun(await runner().rerun(id)); },
  };
}
