import type { ResourceTokenFormat } from './api-resource.entity';

export interface CreateApiResourceInput {
  /** RFC 8707 §2: an absolute URI without a fragment; fixed once created. */
  identifier: string;
  displayName: string;
  /** Existing scope names, each belonging to no other resource. */
  scopes?: string[];
  accessTokenFormat?: ResourceTokenFormat | null;
  accessTokenTtl?: number | null;
  /** A confidential client the resource server introspects with (checked by the caller, which knows clients). */
  introspectionClientId?: string | null;
}

export type UpdateApiResourceInput = Partial<Omit<CreateApiResourceInput, 'identifier'>>;
