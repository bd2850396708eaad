// The team as the HTTP API, both bridges and the Team page see it: its status (devices, people, what is wrong),
// founding and joining it, invites, revoking a device, a peer's address typed by hand, and people (users). People
// have stable ids (`usr_…`): acknowledgements, notes, assignments and on-call name them, never a device.
import { z } from 'zod';
import { IsoDateTime } from './common.ts';

export const DEVICE_ROLES = ['admin', 'member'] as const;
export const DeviceRole = z.enum(DEVICE_ROLES);

/** A person's or a device's name, as the roster ops bound it. */
const Name = z.string().trim().min(1).max(100);

/** `HOST:PORT`, IPv6 in brackets (`[::1]:8978`): the form a sync address takes everywhere (invites, the roster). */
export const PeerAddress = z.string().trim().max(300).refine((a) => {
  const m = /^\[([^\]\s]+)\]:(\d{1,5})$/.exec(a) ?? /^([^:\s[\]]+):(\d{1,5})$/.exec(a);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 65535;
}, 'must be HOST:PORT (IPv6 as [::1]:8978)');

export const DeviceStatus = z.object({
  deviceId: z.string(),
  name: z.string(),
  userId: z.string(),
  userName: z.string().nullable(),
  role: DeviceRole,
  /** The device answering. */
  self: z.boolean(),
  revoked: z.boolean(),
  revokedAt: IsoDateTime.nullable(),
  /** Where it announced it listens for sync. */
  addresses: z.array(z.string()),
  /** Connected to this device now (only a running host connects). */
  connected: z.boolean(),
  lastSeenAt: IsoDateTime.nullable(),
  /** Ops this device holds that that device did not hold when last heard from (null: never heard from). */
  behind: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const TeamStatus = z.object({
  /** Null: this device is in no team (create one or join one). */
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
  self: z.object({
    deviceId: z.string(),
    name: z.string().nullable(),
    role: DeviceRole.nullable(),
    userId: z.string().nullable(),
    userName: z.string().nullable(),
  }),
  devices: z.array(DeviceStatus),
  users: z.array(z.object({ id: z.string(), name: z.string(), deviceIds: z.array(z.string()) })),
  /** Devices that signed two different ops for one seq (restored from an old copy): their later ops are refused. */
  forks: z.array(z.object({ deviceId: z.string(), seq: z.number().int(), via: z.string(), detectedAt: IsoDateTime })),
  /** Where this device's host listens for sync (`HOST:PORT`), when it does. */
  listening: z.string().nullable(),
});
export type TeamStatus = z.infer<typeof TeamStatus>;

export const CreateTeam = z.object({
  name: Name,
  /** This device's name in the team (default: the machine's host name). */
  deviceName: Name.optional(),
}).strict();
export type CreateTeam = z.input<typeof CreateTeam>;

export const INVITE_MAX_MINUTES = 30 * 24 * 60;

export const CreateInvite = z.object({
  /** How long the invite can be used (once): 24 hours unless said otherwise, at most 30 days. */
  expiresInMinutes: z.number().int().min(1).max(INVITE_MAX_MINUTES).default(24 * 60),
  /** The joining device becomes an admin (may invite and revoke). */
  admin: z.boolean().default(false),
  /** Where the joiner reaches this device; default: where its host listens for sync. */
  addresses: z.array(PeerAddress).min(1).max(32).optional(),
}).strict();
export type CreateInvite = z.input<typeof CreateInvite>;

export const CreatedInvite = z.object({
  /** One line to pass to the other device (`klaxon-invite:…`); it holds a one-time secret. */
  invite: z.string(),
  inviteId: z.string(),
  role: DeviceRole,
  expiresAt: IsoDateTime,
  addresses: z.array(z.string()),
});
export type CreatedInvite = z.infer<typeof CreatedInvite>;

export const INVITE_STATES = ['open', 'used', 'expired', 'revoked'] as const;

export const InviteInfo = z.object({
  id: z.string(),
  role: DeviceRole,
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  state: z.enum(INVITE_STATES),
  /** The device that joined with it. */
  usedBy: z.string().nullable(),
});
export type InviteInfo = z.infer<typeof InviteInfo>;

export const ListInvitesResponse = z.object({ invites: z.array(InviteInfo) });

export const JoinTeam = z.object({
  /** The invite line as pasted (spaces and line breaks inside are forgiven). */
  invite: z.string().min(1).max(16 * 1024),
  /** This device's name in the team (default: the machine's host name). */
  deviceName: Name.optional(),
}).strict();
export type JoinTeam = z.input<typeof JoinTeam>;

export const RevokeDevice = z.object({
  /** Kept in the team's record of the revocation. */
  reason: z.string().trim().max(500).optional(),
}).strict();
export type RevokeDevice = z.input<typeof RevokeDevice>;

export const AddPeer = z.object({ address: PeerAddress }).strict();
export type AddPeer = z.input<typeof AddPeer>;

export const AddedPeer = z.object({
  address: z.string(),
  /** The running host dials it now; false: it is kept and dialled once sync runs. */
  dialling: z.boolean(),
});
export type AddedPeer = z.infer<typeof AddedPeer>;

export const User = z.object({
  /** Stable whatever the person is renamed, and the same on each of their devices. */
  id: z.string(),
  name: z.string(),
  createdAt: IsoDateTime,
  deviceIds: z.array(z.string()),
});
export type User = z.infer<typeof User>;

export const CreateUser = z.object({ name: Name }).strict();
export type CreateUser = z.input<typeof CreateUser>;

export const UserResponse = z.object({ user: User });
export const ListUsersResponse = z.object({ users: z.array(User) });

export const DeviceIdParam = z.object({ id: z.string().min(1).max(100) });
export const InviteIdParam = z.object({ id: z.string().min(1).max(100) });
