import type { ClaimMapping } from './claim-mapping';

/** What an operator sets on an upstream provider; on update, only the fields given change. */
export interface UpstreamProviderSettings {
  displayName?: string;
  issuer?: string;
  clientId?: string;
  /** Stored encrypted and never returned; null makes the client public (PKCE only). */
  clientSecret?: string | null;
  scopes?: string[];
  /** The fields given replace the defaults (the OIDC Core §5.1 claim names). */
  claimMapping?: Partial<ClaimMapping>;
  autoCreate?: boolean;
  linkByEmail?: boolean;
  enabled?: boolean;
}

export interface CreateUpstreamProviderInput extends UpstreamProviderSettings {
  id: string;
  displayName: string;
  issuer: string;
  clientId: string;
}
