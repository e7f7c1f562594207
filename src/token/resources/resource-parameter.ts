import { OAuthErrors } from '../../common/errors/oauth-error';
import { isResourceIdentifier } from '../../scopes/api-resources/resource-identifier';

/** RFC 8707 §2: the one parameter of the authorization and token requests that may be repeated. */
export const RESOURCE_PARAMETER = 'resource';

// More would only mean a larger token; no deployment names this many resource servers in one request.
const MAX_RESOURCES = 20;

/**
 * RFC 8707 §2: `resource` as sent, once or repeated (a form parser's array, a request object's
 * JSON array): each value must be an absolute URI without a fragment, else invalid_target.
 * Repeated values are merged; none sent is the empty list.
 */
export function readResourceParameter(value: unknown): string[] {
  if (value === undefined || value === '') return [];
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  if (values.length > MAX_RESOURCES) throw OAuthErrors.invalidTarget(`at most ${MAX_RESOURCES} resource values`);
  for (const v of values)
    if (!isResourceIdentifier(v))
      throw OAuthErrors.invalidTarget('resource must be an absolute URI without a fragment (RFC 8707 §2)');
  return [...new Set(values as string[])];
}
