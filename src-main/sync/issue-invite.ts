// Issuing an invite, as the CLI, the HTTP API and the window do it: a one-time secret kept hashed on this device,
// and one line of text that carries everything a joiner needs to reach this device and prove it was invited.
import type { Engine } from '../engine/types.ts';
import type { DeviceRole } from '../../src-shared/domain/roster.ts';
import { deviceCertificate } from './identity.ts';
import { encodeInvite, certificateFingerprint } from './invite.ts';
import { reachableAddresses, DEFAULT_SYNC_PORT } from './manager.ts';

export interface IssuedInvite { invite: string; inviteId: string; expiresAt: string; addresses: string[] }

/** Where a joiner can reach this device: given, announced by the running host, or this machine's own. */
export function inviteAddresses(engine: Engine, given?: string[]): string[] {
  if (given?.length) return given;
  const announced = engine.roster().devices.get(engine.deviceId)?.addresses ?? [];
  return announced.length > 0 ? announced : reachableAddresses('::', DEFAULT_SYNC_PORT);
}

export async function issueInvite(engine: Engine, opts: { role: DeviceRole; ttlMs: number; addresses?: string[]; userId?: string }): Promise<IssuedInvite> {
  const expiresAt = engine.clock.now() + opts.ttlMs;
  const { id, secret } = await engine.createInvite({ role: opts.role, expiresAt, userId: opts.userId });
  const cert = await deviceCertificate(engine.store);
  const addresses = inviteAddresses(engine, opts.addresses);
  const invite = encodeInvite({ v: 1, team: engine.roster().team!.id, id, secret, device: engine.deviceId, cert: certificateFingerprint(cert.certPem), addresses });
  return { invite, inviteId: id, expiresAt: new Date(expiresAt).toISOString(), addresses };
}
