// Configuring local actions: checked (known services, a shell line is one string) and stored device-locally. No op
// is written: a local action is about this machine, and a teammate's must never run here.
import { newId } from '../../src-shared/domain/ids.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import {
  LOCAL_ACTION_TIMEOUT_DEFAULT_S, type CreateLocalAction, type LocalAction, type UpdateLocalAction,
} from '../../src-shared/schemas/local-actions.ts';
import type { Engine } from '../engine/types.ts';
import { deleteAction, getAction, listActions, putAction } from '../store/local-actions.ts';

export interface LocalActionConfig {
  list(): LocalAction[];
  get(id: string): LocalAction;
  create(input: CreateLocalAction): LocalAction;
  update(id: string, patch: UpdateLocalAction): LocalAction;
  delete(id: string): LocalAction;
}

export function localActionConfig(engine: Engine): LocalActionConfig {
  const store = engine.store;
  const check = (a: Pick<LocalAction, 'serviceIds' | 'shell' | 'command'>) => {
    a.serviceIds.forEach((id, i) => {
      if (!engine.getService(id)) throw new KlaxonError('INVALID_SERVICE', `Service ${id} not found`, `serviceIds.${i}`);
    });
    if (a.shell && a.command.length !== 1) throw new KlaxonError('VALIDATION_FAILED', 'with shell: true, the command is one string (the shell line)', 'command');
  };
  const row = (id: string) => {
    const r = getAction(store, id);
    if (!r) throw new KlaxonError('NOT_FOUND', `Local action ${id} not found`);
    return r;
  };
  return {
    list: () => listActions(store).map((r) => r.action),
    get: (id) => row(id).action,
    create(input) {
      const now = engine.clock.now();
      const at = new Date(now).toISOString();
      const action: LocalAction = {
        id: newId('act', now), name: input.name.trim(), command: input.command, shell: input.shell ?? false, events: input.events,
        serviceIds: input.serviceIds ?? [], timeoutSeconds: input.timeoutSeconds ?? LOCAL_ACTION_TIMEOUT_DEFAULT_S, enabled: input.enabled ?? true,
        createdAt: at, updatedAt: at,
      };
      check(action);
      putAction(store, action, now);
      return action;
    },
    update(id, patch) {
      const r = row(id);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const action: LocalAction = { ...r.action, ...defined, updatedAt: new Date(engine.clock.now()).toISOString() };
      check(action);
      putAction(store, action, r.createdAtMs);
      return action;
    },
    delete(id) {
      const { action } = row(id);
      deleteAction(store, id);
      return action;
    },
  };
}
