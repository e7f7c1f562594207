import { OAuthErrors } from '../../common/errors/oauth-error';
import { RESOURCE_PARAMETER } from '../../token/resources/resource-parameter';
import type { ParameterRecord } from '../request/request-parameters';

// RFC 7519 §4.1: the JWT's own claims, not authorization request parameters.
const JWT_CLAIMS = new Set(['iss', 'aud', 'exp', 'nbf', 'iat', 'jti', 'sub']);

/**
 * RFC 9101 §4: a request object's claims are the authorization request parameters, as JSON:
 * strings as they are, numbers (max_age) as their decimal form, and the claims parameter (an
 * object, OIDC Core §5.5) as JSON text, so they read exactly as the same request sent by query.
 * `resource`, which RFC 8707 §2 lets repeat, may be an array of strings.
 */
export function requestObjectParameters(payload: Record<string, unknown>): ParameterRecord {
  const parameters: ParameterRecord = {};
  for (const [name, value] of Object.entries(payload)) {
    if (JWT_CLAIMS.has(name) || value === null || value === undefined) continue;
    if (typeof value === 'string') parameters[name] = value;
    else if (name === RESOURCE_PARAMETER && Array.isArray(value) && value.every((v) => typeof v === 'string'))
      parameters[name] = value as string[];
    else if (typeof value === 'number' && Number.isFinite(value)) parameters[name] = String(value);
    else if (typeof value === 'object' && !Array.isArray(value) && name === 'claims')
      parameters[name] = JSON.stringify(value);
    else throw OAuthErrors.invalidRequestObject(`the request object's ${name} is not a valid parameter value`);
  }
  return parameters;
}
