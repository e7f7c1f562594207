import { OAuthErrors } from '../../common/errors/oauth-error';
import { RESOURCE_PARAMETER } from '../resources/resource-parameter';

/**
 * The parameters of one token request as a grant sees them: only those its grant declares,
 * each a single non-empty string. RFC 6749 §3.1: a parameter sent without a value is omitted.
 */
export class TokenRequestParams {
  constructor(
    readonly grantType: string,
    /** The parsed `scope` parameter, or undefined when the request names none. */
    readonly scope: string[] | undefined,
    private readonly values: ReadonlyMap<string, string>,
    /** RFC 8707 `resource`, every value checked for form (readResourceParameter) and, unless the grant checks them itself, known and allowed. */
    readonly resources: readonly string[] = [],
  ) {}

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  /** RFC 6749 §5.2 invalid_request: a required parameter is missing. */
  require(name: string): string {
    const value = this.values.get(name);
    if (value === undefined) throw OAuthErrors.invalidRequest(`${name} is required`);
    return value;
  }
}

/**
 * The body of a token request as name → value. RFC 6749 §3.1: parameters MUST NOT be included
 * more than once; the form parser turns a repeated one into an array, and a JSON body may hold
 * anything, so every value must be exactly one string. `resource`, which RFC 8707 §2 lets
 * repeat, is left out: readResourceParameter reads it.
 */
export function readParameters(body: unknown): Map<string, string> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw OAuthErrors.invalidRequest('the request body must hold the token request parameters');
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(body)) {
    if (name === RESOURCE_PARAMETER) continue;
    if (Array.isArray(value)) throw OAuthErrors.invalidRequest(`${name} must not be included more than once`);
    if (typeof value !== 'string') throw OAuthErrors.invalidRequest(`${name} must be a string`);
    if (value !== '') values.set(name, value);
  }
  return values;
}
