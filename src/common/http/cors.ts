import type { ServerResponse } from 'node:http';

/**
 * CORS for the endpoints browser-based clients call from their own origin (token, revocation,
 * userinfo). They are authorised by what the request carries (a code with its PKCE verifier, a
 * client credential, a bearer token), never by cookies, so any origin may read the answer and
 * no credentials mode is allowed.
 */
export function allowAnyOrigin(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate, DPoP-Nonce');
}

/** The answer to a CORS preflight: the Authorization, DPoP or a JSON Content-Type header makes a browser ask first. */
export function answerPreflight(res: ServerResponse, methods: string): void {
  allowAnyOrigin(res);
  res.setHeader('Access-Control-Allow-Methods', methods);
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, DPoP');
  res.setHeader('Access-Control-Max-Age', '600');
  res.statusCode = 204;
  res.end();
}
