import { OAuthErrors } from '../../common/errors/oauth-error';

/** The parts of a request DPoP reads: Node's headers only, so the fast path and Express agree. */
export interface DpopRequest {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * RFC 9449 §4.3 check 1: at most one DPoP header holding one JWT. Node joins repeated unknown
 * headers with ", ", and a compact JWS has no comma, so a comma means more than one.
 */
export function dpopHeaderOf(req: DpopRequest): string | undefined {
  const value = req.headers.dpop;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.includes(','))
    throw OAuthErrors.invalidDpopProof('send exactly one DPoP header holding one DPoP proof');
  return value;
}

// RFC 9449 §7.1: the DPoP authorization scheme, its token68 as RFC 6750 §2.1 b64token.
const DPOP_AUTHORIZATION = /^dpop +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The access token of `Authorization: DPoP <token>` (RFC 9449 §7.1); undefined for another scheme. */
export function dpopAccessTokenOf(req: DpopRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !/^dpop(\s|$)/i.test(header)) return undefined;
  const match = DPOP_AUTHORIZATION.exec(header);
  if (!match)
    throw OAuthErrors.invalidRequest('the Authorization header must be "DPoP <token>"', {
      status: 401,
      challenge: 'DPoP',
    });
  return match[1];
}
