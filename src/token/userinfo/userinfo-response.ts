import type { ServerResponse } from 'node:http';
import { sendJson } from '../../common/http/send-json';

/**
 * What userinfo answers: the claims as JSON, or, for a client that registered
 * userinfo_signed_response_alg, a JWT of them (OIDC Core §5.3.2).
 */
export type UserinfoResponse = { claims: Record<string, unknown>; jwt?: never } | { jwt: string; claims?: never };

export function sendUserinfo(res: ServerResponse, response: UserinfoResponse): void {
  res.statusCode = 200;
  if (response.jwt === undefined) return sendJson(res, response.claims);
  // OIDC Core §5.3.2: a signed response is the JWT itself, as application/jwt.
  res.setHeader('Content-Type', 'application/jwt');
  res.setHeader('Content-Length', Buffer.byteLength(response.jwt));
  res.end(response.jwt);
}
