import type { ClaimRequest, ClaimsParameter } from './claims-parameter';

/**
 * Claims about the authentication itself, not the user (OIDC Core §2): asking for them
 * releases no personal data, so they need no consent and no scope.
 */
const PROTOCOL_CLAIMS = new Set(['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'acr', 'amr', 'azp', 'sid']);

const MEMBERS = ['userinfo', 'id_token'] as const;

export interface ClaimsToGrant {
  /** The claims request without the user claims the client may not receive at all. */
  claims?: ClaimsParameter;
  /** User claims asked for by name beyond the claims of the requested scopes: the user must allow them too. */
  individualClaims: string[];
}

/**
 * OIDC Core §5.5: the claims parameter asks for claims; it grants none. A user claim the client
 * may receive (one its allowed scopes release) stays, and when no requested scope releases it
 * the user is asked for it by name, beside the scopes (§3.1.2.4). Any other user claim is
 * dropped here, so it can never be released.
 */
export function claimsToGrant(
  claims: ClaimsParameter | undefined,
  receivable: ReadonlySet<string>,
  releasedByScope: ReadonlySet<string>,
): ClaimsToGrant {
  if (claims === undefined) return { individualClaims: [] };
  const kept: ClaimsParameter = {};
  const individual = new Set<string>();
  for (const member of MEMBERS) {
    const requested = claims[member];
    if (requested === undefined) continue;
    const entries: [string, ClaimRequest][] = [];
    for (const [name, request] of Object.entries(requested)) {
      if (PROTOCOL_CLAIMS.has(name)) entries.push([name, request]);
      else if (receivable.has(name)) {
        entries.push([name, request]);
        if (!releasedByScope.has(name)) individual.add(name);
      }
    }
    kept[member] = Object.fromEntries(entries);
  }
  return { claims: kept, individualClaims: [...individual].sort() };
}
