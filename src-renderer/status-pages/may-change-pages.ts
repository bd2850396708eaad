// Who may change status pages in this window (one rule, used by the Status pages view and the incident page's
// Withdraw): an admin device, or one in no team, over a bridge that lets it list services (an admin's bridge).
import type { TeamStatus } from '../../src-shared/schemas/team.ts';

export function mayChangePages(servicesListed: boolean, team: Pick<TeamStatus, 'team' | 'self'> | null): boolean {
  return servicesListed && (team === null || team.team === null || team.self.role === 'admin');
}
