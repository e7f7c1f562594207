import type { AuthorizationGrant } from '../authorization-grants/authorization-grant.entity';

/** What issuing a token needs to know of the user's grant it belongs to. */
export type GrantSummary = Pick<
  AuthorizationGrant,
  'id' | 'userId' | 'sessionId' | 'scope' | 'resources' | 'claims' | 'authTime' | 'amr' | 'createdAt' | 'expiresAt'
>;
