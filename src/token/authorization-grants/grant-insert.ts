import { AuthorizationGrant } from './authorization-grant.entity';

export interface NewAuthorizationGrant {
  clientId: string;
  userId: string | null;
  sessionId?: string | null;
  scope: string[];
  /** RFC 8707: the resources the authorization was for. */
  resources?: readonly string[];
  claims?: Record<string, unknown> | null;
  authTime?: Date | null;
  amr?: string[];
  expiresAt?: Date | null;
}

/** What an INSERT of a grant returns of it (RETURNING id, created_at). */
export interface InsertedGrantRow {
  id: string;
  created_at: Date;
}

/** A new grant's entity, its defaults filled in, before it is stored. */
export function newGrant(input: NewAuthorizationGrant): AuthorizationGrant {
  return Object.assign(new AuthorizationGrant(), {
    clientId: input.clientId,
    userId: input.userId,
    sessionId: input.sessionId ?? null,
    scope: input.scope,
    resources: [...(input.resources ?? [])],
    claims: input.claims ?? null,
    authTime: input.authTime ?? null,
    amr: input.amr ?? [],
    expiresAt: input.expiresAt ?? null,
  });
}

/** Each column a new grant writes, with its value: the statement's parameters, in this order. */
const COLUMNS: readonly (readonly [column: string, value: (grant: AuthorizationGrant) => unknown])[] = [
  ['client_id', (g) => g.clientId],
  ['user_id', (g) => g.userId],
  ['session_id', (g) => g.sessionId],
  ['scope', (g) => g.scope],
  ['resources', (g) => g.resources],
  ['claims', (g) => (g.claims === null ? null : JSON.stringify(g.claims))],
  ['auth_time', (g) => g.authTime],
  ['amr', (g) => g.amr],
  ['expires_at', (g) => g.expiresAt],
];

/**
 * How a grant is written: AuthorizationGrantService.create writes one alone,
 * AuthorizationCodeService.issueWithGrant with its first code in the same statement.
 */
export const GrantInsert = {
  columns: COLUMNS.map(([column]) => column).join(', '),
  /** How many parameters values() gives. */
  parameters: COLUMNS.length,
  /** `$first, $first+1, …`: one parameter per column, for values(). */
  placeholders: (first: number): string => COLUMNS.map((_, i) => `$${first + i}`).join(', '),
  values: (grant: AuthorizationGrant): unknown[] => COLUMNS.map(([, value]) => value(grant)),
  /** The grant as stored: with the id and creation time the INSERT returned. */
  inserted: (grant: AuthorizationGrant, row: InsertedGrantRow): AuthorizationGrant =>
    Object.assign(grant, { id: row.id, createdAt: row.created_at }),
} as const;
