import { OAuthErrors } from '../common/errors/oauth-error';
import {
  canonicalResponseType as canonicalOrder,
  GRANT_TYPES,
  grantTypesForResponseType,
  RESPONSE_TYPE_NAMES,
  returnsFrontChannelAccessToken,
} from '../token/grants/grant-types';

const invalid = (description: string) => OAuthErrors.invalidClientMetadata(description);

/** What the server lets registrants ask for, beyond what the grants declare. */
export interface RegistrableResponseTypes {
  /** IMPLICIT_ACCESS_TOKENS: response types with token (RFC 9700 §2.1.2: off by default). */
  implicitAccessTokens: boolean;
}

/**
 * A response type in the canonical order of OIDC Core §3 ("code id_token token"), so that
 * "id_token code" and "code id_token" register as the same thing.
 */
export function canonicalResponseType(value: string): string {
  const words = value.split(' ');
  const canonical = canonicalOrder(value);
  if (words.includes('') || new Set(words).size !== words.length || !RESPONSE_TYPE_NAMES.includes(canonical))
    throw invalid(
      `response_types: ${JSON.stringify(value)} is not supported; use code, id_token, token or a combination`,
    );
  return canonical;
}

/**
 * RFC 7591 §3.2.1: the server may register suitable values instead of the requested ones. Among
 * other response types, those returning an access token from the authorization endpoint (not
 * served unless IMPLICIT_ACCESS_TOKENS, RFC 9700 §2.1.2) are left out, as relying parties such
 * as mod_auth_openidc ask for every flow they know; the registration response names what was
 * registered. A request for nothing else is left whole, for assertConsistentGrants to refuse.
 */
export function registrableResponseTypes(requested: string[], options: RegistrableResponseTypes): string[] {
  if (options.implicitAccessTokens) return requested;
  const served = requested.filter((r) => !returnsFrontChannelAccessToken(r));
  return served.length > 0 ? served : requested;
}

/**
 * RFC 7591 §2.1 and OIDC Registration §2, by the grants' own declarations (src/token/grants):
 * each grant must be one a registrant may ask for, each response type must have the grants it
 * needs and each such grant a response type; refresh_token needs a grant that yields refresh
 * tokens; a grant for confidential clients needs one.
 */
export function assertConsistentGrants(
  grantTypes: string[],
  responseTypes: string[],
  isPublic: boolean,
  options: RegistrableResponseTypes,
): void {
  if (grantTypes.length === 0) throw invalid('grant_types must name at least one grant type');
  const declared = grantTypes.map((g) => {
    const declaration = GRANT_TYPES.find((d) => d.grantType === g);
    if (!declaration) throw invalid(`grant_types: ${JSON.stringify(g)} is not supported`);
    // e.g. RFC 9700 §2.4: the resource owner password credentials grant MUST NOT be used.
    if (!declaration.registrable)
      throw invalid(`grant_types: the ${g} grant is not available to dynamically registered clients`);
    if (isPublic && declaration.confidentialOnly)
      throw invalid(`grant_types ${g} is only for confidential clients, not token_endpoint_auth_method none`);
    return declaration;
  });

  for (const responseType of responseTypes) {
    if (!options.implicitAccessTokens && returnsFrontChannelAccessToken(responseType))
      throw invalid(
        `response_types: ${responseType} would return an access token from the authorization endpoint, which this server does not do (RFC 9700 §2.1.2)`,
      );
    const missing = grantTypesForResponseType(responseType).filter((g) => !grantTypes.includes(g));
    if (missing.length > 0) throw invalid(`response_types ${responseType} need grant_types ${missing.join(' and ')}`);
  }
  for (const grant of declared) {
    if (grant.responseTypes.length > 0 && !responseTypes.some((r) => grant.responseTypes.includes(r)))
      throw invalid(
        `grant_types ${grant.grantType} needs a response_types value among ${grant.responseTypes.join(', ')}`,
      );
  }
  if (grantTypes.includes('refresh_token') && !declared.some((g) => g.yieldsRefreshTokens))
    throw invalid(
      `grant_types refresh_token needs a grant that yields refresh tokens: ${GRANT_TYPES.filter(
        (g) => g.yieldsRefreshTokens && g.registrable,
      )
        .map((g) => g.grantType)
        .join(', ')}`,
    );
}
