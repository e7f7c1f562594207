/** RFC 6749 §5.1 successful token response, with the OIDC Core §3.1.3.3 id_token. */
export interface TokenResponse {
  access_token: string;
  /** RFC 9449 §5: DPoP when the access token is bound to the proof's key. */
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  /** Sent whenever a scope was granted (RFC 6749 §5.1 allows it), so a client never has to guess. */
  scope?: string;
  refresh_token?: string;
  id_token?: string;
}
