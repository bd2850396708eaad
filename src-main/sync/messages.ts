// The protocol's messages as this layer handles them (the schemas, with their limits, are src-shared/schemas/sync.ts).
import type { SyncMessageOf, SyncMessage as WireMessage } from '../../src-shared/schemas/sync.ts';

export type SyncMessage = WireMessage;
export type OpsMessage = SyncMessageOf<'ops'>;
export type AckMessage = SyncMessageOf<'ack'>;
export type HelloMessage = SyncMessageOf<'hello'>;
export type JoinMessage = SyncMessageOf<'join'>;
export type WelcomeMessage = SyncMessageOf<'welcome'>;
export type RefusedMessage = SyncMessageOf<'refused'>;
