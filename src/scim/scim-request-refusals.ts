import { OAuthError } from '../common/errors/oauth-error';
import { ScimError } from './scim-error';

/**
 * What the app-wide middleware refuses before a route runs, in SCIM terms: the body parsers'
 * errors (http-errors with body-parser's status and type) and the NUL check's OAuthError.
 * Descriptions are fixed: a parser's message may quote the body. undefined for anything else.
 */
export function scimErrorOfRequestRefusal(error: unknown): ScimError | undefined {
  if (error instanceof OAuthError)
    return error.status < 500
      ? new ScimError(error.status, error.errorDescription ?? 'the request is not valid', 'invalidValue')
      : undefined;
  const { status, type, limit } = (error ?? {}) as { status?: unknown; type?: unknown; limit?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500 || typeof type !== 'string') return undefined;
  switch (type) {
    case 'entity.too.large':
      return new ScimError(413, `the request body is larger than ${String(limit)} bytes`);
    case 'entity.parse.failed':
      return new ScimError(400, 'the request body is not JSON', 'invalidSyntax');
    case 'charset.unsupported':
      return new ScimError(415, 'the request body must be JSON in UTF-8');
    case 'encoding.unsupported':
      return new ScimError(415, 'the Content-Encoding of the request body is not supported');
    default:
      return new ScimError(status, 'the request body could not be read', status === 400 ? 'invalidSyntax' : undefined);
  }
}
