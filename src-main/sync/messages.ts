// The sync protocol's messages as this layer uses them (the wire schemas are in src-shared/schemas/sync.ts).
import type { SignedHead } from '../store/op-chain.ts';

export interface OpsMessage { t: 'ops'; device: string; from: number; ops: { id: string; hlc: string; type: string; entity: string; data: unknown }[]; head: SignedHead }
export interface AckMessage {
  t: 'ack';
  vv: Record<string, number>;
  /** The batch was not taken: why, so the sender resends from `vv` (gap), later (refused), or never (forged, fork). */
  problem?: { device: string; kind: 'gap' | 'refused' | 'forged' | 'fork'; reason: string };
}
export interface HelloMessage { t: 'hello'; proto: number; app: string; teamId: string; deviceId: string; vv: Record<string, number> }
export interface JoinMessage { t: 'join'; proto: number; app: string; teamId: string; inviteId: string; proof: string; deviceName: string; userName: string }
export interface WelcomeMessage { t: 'welcome'; teamId: string; deviceId: string; userId: string }
export interface RefusedMessage { t: 'refused'; code: string; message: string }
export type SyncMessage = OpsMessage | AckMessage | HelloMessage | JoinMessage | WelcomeMessage | RefusedMessage
  | { t: 'ping' } | { t: 'pong' } | { t: 'bye'; reason: string };
