export const ORG_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export const TEAM_ROLES = ['admin', 'member', 'viewer'] as const;
export const API_KEY_ROLES = ['admin', 'member', 'viewer'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];
export type TeamRole = (typeof TEAM_ROLES)[number];
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** Who is calling, resolved once per request. */
export interface Principal {
  kind: 'user' | 'api_key';
  id: string;
  orgId: string;
  orgRole: OrgRole;
  /** Team id → role, for users; API keys act with their role on every team of their organization. */
  teams: ReadonlyMap<string, TeamRole>;
}

const ORG_RANK: Record<OrgRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };
const TEAM_RANK: Record<TeamRole, number> = { viewer: 0, member: 1, admin: 2 };

export const orgRoleAtLeast = (role: OrgRole, least: OrgRole) => ORG_RANK[role] >= ORG_RANK[least];
export const teamRoleAtLeast = (role: TeamRole | null, least: TeamRole) =>
  role !== null && TEAM_RANK[role] >= TEAM_RANK[least];
