/** RFC 8693 §3: the token type identifiers this server can take as a subject or actor token. */
export const TokenTypeUri = {
  AccessToken: 'urn:ietf:params:oauth:token-type:access_token',
  RefreshToken: 'urn:ietf:params:oauth:token-type:refresh_token',
  IdToken: 'urn:ietf:params:oauth:token-type:id_token',
  Jwt: 'urn:ietf:params:oauth:token-type:jwt',
} as const;

export type TokenTypeUri = (typeof TokenTypeUri)[keyof typeof TokenTypeUri];

export const EXCHANGEABLE_TOKEN_TYPES: readonly string[] = Object.values(TokenTypeUri);

/**
 * What a client may do with the token exchange grant (RFC 8693). A client without a policy may
 * not exchange tokens at all, even when it lists the grant type.
 */
export interface TokenExchangePolicy {
  /** The subject_token_type values it may present. */
  allowedSubjectTokenTypes: string[];
  /** The audience and resource values it may ask a token for; they become the token's aud. */
  allowedAudiences: string[];
  /** A token for the subject alone, with no actor (RFC 8693 §1.1). */
  allowImpersonation: boolean;
  /** A token for the subject with the actor recorded in act (RFC 8693 §1.1, §4.1). */
  allowDelegation: boolean;
}
