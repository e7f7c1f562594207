import { OAuthErrors } from '../../common/errors/oauth-error';

/** The parts of a request a bearer token may travel in. */
export interface BearerTokenRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

// RFC 6750 §2.1: b64token; the scheme is case-insensitive (RFC 7235 §2.1).
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * RFC 6750 §2.1 (Authorization header) and §2.2 (form body of a POST); undefined when the
 * request carries none. A request may use one method only (§2).
 */
export function bearerTokenOf(req: BearerTokenRequest): string | undefined {
  const header = req.headers.authorization;
  const fromHeader = typeof header === 'string' && header !== '' ? parseBearer(header) : undefined;
  const fromBody = req.method === 'POST' && isForm(req) ? formToken(req.body) : undefined;
  if (fromHeader !== undefined && fromBody !== undefined)
    throw OAuthErrors.invalidRequest('send the access token in one place only (RFC 6750 §2)', { challenge: 'Bearer' });
  return fromHeader ?? fromBody;
}

/** Another scheme carries no bearer token; a malformed Bearer one is invalid_request (RFC 6750 §3.1). */
function parseBearer(header: string): string | undefined {
  if (!/^bearer(\s|$)/i.test(header)) return undefined;
  const match = BEARER.exec(header);
  if (!match)
    throw OAuthErrors.invalidRequest('the Authorization header must be "Bearer <token>"', { challenge: 'Bearer' });
  return match[1];
}

function isForm(req: BearerTokenRequest): boolean {
  const type = req.headers['content-type'];
  return typeof type === 'string' && type.split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function formToken(body: unknown): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.access_token;
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string')
    throw OAuthErrors.invalidRequest('access_token must not be included more than once', { challenge: 'Bearer' });
  return value;
}
