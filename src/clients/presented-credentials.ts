import { OAuthErrors } from '../common/errors/oauth-error';
import { parseBasicCredentials } from './basic-credentials';

/** The parts of an HTTP request that client authentication reads. */
export interface ClientAuthenticationRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Absent without a body. */
  body?: Record<string, unknown>;
  /** The caller's address, for the audit trail. */
  ip?: string;
}

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** What the client presented, before anything is checked against the registered client. */
export type PresentedCredentials =
  | { method: 'client_secret_basic' | 'client_secret_post'; clientId: string; clientSecret: string }
  /** private_key_jwt or client_secret_jwt: which one is the registered client's to say (OIDC Core §9). */
  | { method: 'client_assertion'; clientId: string | undefined; assertion: string }
  | { method: 'none'; clientId: string };

export function usedAuthorizationHeader(request: ClientAuthenticationRequest): boolean {
  return request.headers.authorization !== undefined && request.headers.authorization !== '';
}

/**
 * RFC 6749 §2.3 and OIDC Core §9: which one method the request uses. A client MUST NOT use
 * more than one, and RFC 6749 §3.1 treats a parameter without a value as omitted.
 */
export function presentedCredentials(request: ClientAuthenticationRequest): PresentedCredentials {
  const clientId = bodyParam(request, 'client_id');
  const clientSecret = bodyParam(request, 'client_secret');
  const assertion = bodyParam(request, 'client_assertion');
  const assertionType = bodyParam(request, 'client_assertion_type');
  const viaHeader = usedAuthorizationHeader(request);

  const methods = [viaHeader, clientSecret !== undefined, assertion !== undefined || assertionType !== undefined];
  if (methods.filter(Boolean).length > 1)
    throw OAuthErrors.invalidRequest('use exactly one client authentication method (RFC 6749 §2.3)');

  if (viaHeader) {
    const header = request.headers.authorization;
    const basic = typeof header === 'string' ? parseBasicCredentials(header) : undefined;
    if (!basic)
      throw OAuthErrors.invalidClient('the Authorization header must hold HTTP Basic client credentials', {
        challenge: 'Basic',
      });
    if (clientId !== undefined && clientId !== basic.clientId)
      throw OAuthErrors.invalidRequest('client_id does not match the Authorization header');
    return { method: 'client_secret_basic', ...basic };
  }
  if (clientSecret !== undefined) {
    if (clientId === undefined) throw OAuthErrors.invalidClient('client_secret was sent without client_id');
    return { method: 'client_secret_post', clientId, clientSecret };
  }
  if (assertion !== undefined || assertionType !== undefined) {
    if (assertion === undefined || assertionType === undefined)
      throw OAuthErrors.invalidRequest('client_assertion and client_assertion_type go together');
    if (assertionType !== JWT_BEARER_ASSERTION_TYPE)
      throw OAuthErrors.invalidClient(`client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}`);
    return { method: 'client_assertion', clientId, assertion };
  }
  if (clientId === undefined) throw OAuthErrors.invalidClient('client authentication is required');
  return { method: 'none', clientId };
}

function bodyParam(request: ClientAuthenticationRequest, name: string): string | undefined {
  const value = request.body?.[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw OAuthErrors.invalidRequest(`${name} must be given once, as a string`);
  return value;
}
