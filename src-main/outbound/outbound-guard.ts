// Where this device may POST for others. Outbound webhook subscriptions and status-page webhook subscribers are
// replicated settings, and the device that wrote an event sends it: without a rule, a team admin on another device
// could aim one at this laptop's loopback, its LAN or a cloud metadata address (169.254.169.254) and have this device
// POST there. So a URL set on another device is posted to through a client that connects to public addresses only
// (the address connected to is checked, so DNS rebinding is caught) — unless this device's
// `monitors.allowPrivateTargets` setting allows private targets (it covers teammates' webhooks too). A URL this
// device set itself is posted to as it is.
import type { Dispatcher } from 'undici';
import type { Engine } from '../engine/types.ts';
import { createHttpClient, type HttpClient } from '../monitors/http-check.ts';
import { entityFieldsSetBy, isPrivateAddress, publicLookup, refusal } from '../monitors/target-policy.ts';

export interface OutboundGuard {
  /** The dispatcher a POST to this entity's URL goes through, or undefined to post as it is. */
  dispatcherFor(entityId: string): Dispatcher | undefined;
  close(): Promise<void>;
}

export function createOutboundGuard(engine: Pick<Engine, 'store' | 'deviceId' | 'getSettings'>): OutboundGuard {
  let client: HttpClient | null = null;
  const guarded = () => (client ??= createHttpClient({ lookup: publicLookup, refuse: (host) => (isPrivateAddress(host) ? refusal(host) : null) }));
  return {
    dispatcherFor(entityId) {
      if (engine.getSettings().monitors.allowPrivateTargets) return undefined;
      return entityFieldsSetBy(engine, entityId, ['url'], engine.deviceId) ? undefined : guarded().dispatcher;
    },
    close: async () => { await client?.close(); },
  };
}
