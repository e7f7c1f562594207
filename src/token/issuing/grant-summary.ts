import type { Grant } from '../entities/grant.entity';

/** What issuing a token needs to know of the user's grant it belongs to. */
export type GrantSummary = Pick<
  Grant,
  'id' | 'userId' | 'sessionId' | 'scope' | 'claims' | 'authTime' | 'amr' | 'createdAt' | 'expiresAt'
>;
