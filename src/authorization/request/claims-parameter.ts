import { OAuthErrors } from '../../common/errors/oauth-error';

/** One requested claim (OIDC Core §5.5.1): null for "please", or with essential/value/values. */
export type ClaimRequest = null | { essential?: boolean; value?: unknown; values?: unknown[] };

/** OIDC Core §5.5: the claims request parameter, per place the claims should be returned. */
export interface ClaimsParameter {
  userinfo?: Record<string, ClaimRequest>;
  id_token?: Record<string, ClaimRequest>;
}

const MEMBERS = ['userinfo', 'id_token'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses and checks the shape of the claims parameter. OIDC Core §5.5: members that are not
 * understood are ignored, so only userinfo and id_token (and, per claim, essential, value and
 * values) are kept.
 */
export function parseClaimsParameter(value: string): ClaimsParameter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw OAuthErrors.invalidRequest('claims must be a JSON object');
  }
  if (!isObject(parsed)) throw OAuthErrors.invalidRequest('claims must be a JSON object');
  const result: ClaimsParameter = {};
  for (const member of MEMBERS) {
    const claims = parsed[member];
    if (claims === undefined) continue;
    if (!isObject(claims)) throw OAuthErrors.invalidRequest(`claims.${member} must be an object`);
    result[member] = Object.fromEntries(
      Object.entries(claims).map(([name, request]) => [name, claimRequest(`claims.${member}.${name}`, request)]),
    );
  }
  return result;
}

function claimRequest(path: string, request: unknown): ClaimRequest {
  if (request === null) return null;
  if (!isObject(request)) throw OAuthErrors.invalidRequest(`${path} must be null or an object`);
  const kept: Exclude<ClaimRequest, null> = {};
  if (request.essential !== undefined) {
    if (typeof request.essential !== 'boolean') throw OAuthErrors.invalidRequest(`${path}.essential must be a boolean`);
    kept.essential = request.essential;
  }
  if (request.value !== undefined) kept.value = request.value;
  if (request.values !== undefined) {
    if (!Array.isArray(request.values)) throw OAuthErrors.invalidRequest(`${path}.values must be an array`);
    kept.values = request.values;
  }
  return kept;
}
