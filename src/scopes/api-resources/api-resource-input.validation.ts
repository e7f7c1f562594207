import { MAX_SIGNED_TOKEN_LIFETIME } from '../../config/app-config';
import type { UpdateApiResourceInput } from './api-resource-input';
import { ApiResourcesError, ApiResourcesErrorCode } from './api-resources.error';
import { isResourceIdentifier, MAX_RESOURCE_IDENTIFIER_LENGTH } from './resource-identifier';

const TOKEN_FORMATS = ['opaque', 'jwt'];
const MAX_DISPLAY_NAME = 200;
const MAX_SCOPES = 200;
/**
 * Scopes that are this server's own, for every client and resource: openid (OIDC Core
 * §3.1.2.1) and offline_access (§11) mean something to the authorization server only, and
 * admin is the admin API's, which this server serves.
 */
export const SERVER_SCOPES: readonly string[] = ['openid', 'offline_access', 'admin'];

const invalid = (message: string) => new ApiResourcesError(ApiResourcesErrorCode.InvalidApiResource, message);

export function assertValidIdentifier(identifier: unknown): asserts identifier is string {
  if (!isResourceIdentifier(identifier))
    throw invalid(
      `identifier must be an absolute URI without a fragment, at most ${MAX_RESOURCE_IDENTIFIER_LENGTH} characters, e.g. https://api.example.com/ (RFC 8707 §2)`,
    );
}

/** The fields a create or an update may carry, each checked for form; whether the scopes exist is the service's to check. */
export function assertValidApiResourceFields(input: UpdateApiResourceInput): void {
  const { displayName, scopes, accessTokenFormat, accessTokenTtl, introspectionClientId } = input;
  if (
    displayName !== undefined &&
    (typeof displayName !== 'string' || displayName.trim() === '' || displayName.length > MAX_DISPLAY_NAME)
  )
    throw invalid(`display_name must be 1 to ${MAX_DISPLAY_NAME} characters`);
  if (scopes !== undefined) {
    if (!Array.isArray(scopes) || scopes.length > MAX_SCOPES || !scopes.every((s) => typeof s === 'string'))
      throw invalid(`scopes must be a list of at most ${MAX_SCOPES} scope names`);
    const own = scopes.filter((s) => SERVER_SCOPES.includes(s));
    if (own.length > 0)
      throw invalid(`${own.join(' and ')} belong${own.length === 1 ? 's' : ''} to this server, not to an API resource`);
  }
  if (accessTokenFormat !== undefined && accessTokenFormat !== null && !TOKEN_FORMATS.includes(accessTokenFormat))
    throw invalid('access_token_format must be opaque, jwt or null (the client’s format)');
  if (
    accessTokenTtl !== undefined &&
    accessTokenTtl !== null &&
    (!Number.isInteger(accessTokenTtl) || accessTokenTtl < 1 || accessTokenTtl > MAX_SIGNED_TOKEN_LIFETIME)
  )
    throw invalid(`access_token_ttl must be a whole number of seconds from 1 to ${MAX_SIGNED_TOKEN_LIFETIME}, or null`);
  if (
    introspectionClientId !== undefined &&
    introspectionClientId !== null &&
    (typeof introspectionClientId !== 'string' || introspectionClientId === '')
  )
    throw invalid('introspection_client_id must be a client_id or null');
}
