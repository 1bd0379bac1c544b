// The permission matrix of docs/permissions.md, as code. Services call these; nothing else decides access.
import { orgRoleAtLeast, teamRoleAtLeast, type Principal, type TeamRole } from '../auth/principal';
import { AppError } from '../http/errors';

export type Action = 'read' | 'create' | 'update' | 'delete';

/**
 * The role a principal has on a team: org owners and admins administer every team; org viewers only read; API keys
 * act with their own role on every team; users have the role of their membership (none outside their teams).
 */
export function teamRole(p: Principal, teamId: string | null): TeamRole | null {
  if (orgRoleAtLeast(p.orgRole, 'admin')) return 'admin';
  if (p.orgRole === 'viewer') return 'viewer';
  if (p.kind === 'api_key') return p.orgRole === 'member' ? 'member' : null;
  return teamId ? (p.teams.get(teamId) ?? null) : null;
}

export const forbidden = (detail: string) => new AppError(403, 'forbidden', 'Forbidden', detail);

/** Team-scoped data (incidents, agent configs, team configs and stats): read by all; written by team members. */
export function authorizeTeamData(p: Principal, action: Action, teamId: string | null): void {
  if (action === 'read') return;
  const role = teamRole(p, teamId);
  const needed: TeamRole = action === 'delete' ? 'admin' : 'member';
  if (!teamRoleAtLeast(role, needed)) {
    throw forbidden(
      teamId
        ? `${action} needs the ${needed} role on this team`
        : `${action} of organization-wide data needs the admin role`,
    );
  }
}

/** Organization-level administration (teams, users, API keys, audit trail): admins and owners. */
export function authorizeOrgAdmin(p: Principal, what: string): void {
  if (!orgRoleAtLeast(p.orgRole, 'admin')) throw forbidden(`${what} needs the admin role in the organization`);
}

/** Team administration (renaming it, its members): org admins, or admins of that team. */
export function authorizeTeamAdmin(p: Principal, teamId: string, what: string): void {
  if (teamRole(p, teamId) !== 'admin') throw forbidden(`${what} needs the admin role on this team`);
}
