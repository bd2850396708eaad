// `klaxon init`: on a new data dir, a default service (with its routing key) and an admin API key, printed once.
import type { Engine } from '../engine/types.ts';

export interface InitResult { serviceId: string; routingKey: string; apiKey: string }

/** Returns null if the data dir already has services (it is initialised): nothing is changed then. */
export async function initialise(engine: Engine): Promise<InitResult | null> {
  if (engine.listServices().length > 0 || engine.listKeys().length > 0) return null;
  const service = await engine.createService({ name: 'Default service' });
  const key = await engine.createKey({ name: 'admin (klaxon init)', scopes: ['admin'] });
  return { serviceId: service.id, routingKey: service.routingKey, apiKey: key.key };
}

export function describeInit(r: InitResult, dataDir: string): string {
  return [
    `Initialised Klaxon in ${dataDir}`,
    `  service:     ${r.serviceId} (Default service)`,
    `  routing key: ${r.routingKey}`,
    `  admin key:   ${r.apiKey}`,
    '  The admin key is shown only now: keep it somewhere safe.',
  ].join('\n');
}
