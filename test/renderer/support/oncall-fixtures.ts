// On-call data as the host answers it, for the window's tests: people, schedules, shifts, who is on call now,
// policies. Each maker takes what the test is about and fills in the rest.
import type { EscalationPolicy, OnCallNow, Schedule, Shift } from '../../../src-shared/schemas/oncall.ts';
import type { User } from '../../../src-shared/schemas/team.ts';
import type { FakeApi } from './fake-api.ts';

const CREATED = '2024-01-01T00:00:00.000Z';

export const user = (id: string, name: string, createdAt = CREATED): User => ({ id, name, createdAt, deviceIds: [] });

export const schedule = (over: Partial<Schedule> & Pick<Schedule, 'id' | 'name'>): Schedule => ({
  description: null, timeZone: 'Europe/Berlin', layers: [], overrides: [], createdAt: CREATED, updatedAt: CREATED, ...over,
});

export const shift = (userId: string, start: string, end: string, override = false): Shift => ({ userId, start, end, override });

export const policy = (over: Partial<EscalationPolicy> & Pick<EscalationPolicy, 'id' | 'name' | 'levels'>): EscalationPolicy => ({
  description: null, repeat: 0, createdAt: CREATED, updatedAt: CREATED, ...over,
});

export interface OnCallWorld {
  users: User[];
  schedules: Schedule[];
  shifts: Record<string, Shift[]>;
  policies: EscalationPolicy[];
  now: OnCallNow;
  selfUserId: string | null;
}

export const emptyNow = (at: string): OnCallNow => ({ at, schedules: [], policies: [] });

/** Serves the on-call reads from `world` (the test may change it between calls). */
export function serveOnCall(api: FakeApi, world: () => OnCallWorld): void {
  api.handle('users.list', async () => world().users);
  api.handle('schedules.list', async () => world().schedules);
  api.handle('policies.list', async () => world().policies);
  api.handle('oncall.now', async () => world().now);
  api.handle('schedules.shifts', async (input) => world().shifts[(input as { id: string }).id] ?? []);
  api.handle('team.status', async () => ({
    team: null, self: { deviceId: 'dev_self', name: null, role: null, userId: world().selfUserId, userName: null },
    devices: [], users: [], forks: [], listening: null,
  }));
}
