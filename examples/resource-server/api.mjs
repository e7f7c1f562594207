// A resource server (an API) that accepts this server's access tokens meant for it: JWT access
// tokens (RFC 9068) checked locally with the published keys (JWKS), opaque ones through
// introspection (RFC 7662) with the API's own client credentials. A token is meant for this API
// when its aud names the API's identifier (AUDIENCE, the identifier of its API resource, RFC 8707).
// Scopes decide what each route allows.
//
//   node examples/resource-server/api.mjs
//
//   GET /api/me       any valid token for this API: who it is for and what it may do
//   GET /api/orders   needs the scope orders:read
//
// See examples/README.md for the API resource, scope and clients it needs.
import express from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const ISSUER = process.env.ISSUER ?? 'http://localhost:3000';
const PORT = Number(process.env.PORT ?? 3003);
const CLIENT_ID = process.env.INTROSPECTION_CLIENT_ID ?? 'demo-api';
const CLIENT_SECRET = process.env.INTROSPECTION_CLIENT_SECRET ?? 'demo-api-secret';
const AUDIENCE = process.env.AUDIENCE ?? 'http://localhost:3003';

const metadata = await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json();
const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));

/** Whether an aud claim (a string or an array) names this API. */
const namesThisApi = (aud) => (Array.isArray(aud) ? aud : [aud]).includes(AUDIENCE);

/** The token's claims, or undefined when it is not an active token of this issuer meant for this API. */
async function verify(token) {
  if (token.split('.').length === 3) {
    try {
      // RFC 9068 §4: the type, the issuer, the signature, the lifetime, and an aud naming this API,
      // so that a token made for another API cannot be replayed here.
      const { payload } = await jwtVerify(token, jwks, { issuer: metadata.issuer, audience: AUDIENCE, typ: 'at+jwt' });
      return payload;
    } catch {
      return undefined;
    }
  }
  const response = await fetch(metadata.introspection_endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
  });
  if (!response.ok) throw new Error(`introspection answered ${response.status}`);
  const result = await response.json();
  if (!result.active || result.token_type === 'refresh_token') return undefined;
  // RFC 7662 §2.2: aud is optional in the answer; when there is one, it must name this API. (This
  // server answers {"active":false} about other APIs' tokens to an API resource's introspection
  // client, but a resource server linked to no API resource is told of every access token.)
  return result.aud === undefined || namesThisApi(result.aud) ? result : undefined;
}

/** RFC 6750: a bearer token in the Authorization header, with the scope the route needs. */
function requireToken(scope) {
  return async (req, res, next) => {
    const token = /^Bearer ([^\s]+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const claims = token ? await verify(token) : undefined;
    if (!claims) {
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      return res.status(401).json({ error: 'invalid_token' });
    }
    if (
      scope &&
      !String(claims.scope ?? '')
        .split(' ')
        .includes(scope)
    ) {
      res.set('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${scope}"`);
      return res.status(403).json({ error: 'insufficient_scope', scope });
    }
    req.claims = claims;
    next();
  };
}

const app = express();
app.get('/api/me', requireToken(), (req, res) =>
  res.json({ sub: req.claims.sub, client_id: req.claims.client_id, scope: req.claims.scope }),
);
app.get('/api/orders', requireToken('orders:read'), (req, res) =>
  res.json({ orders: [{ id: 1, item: 'A book', for: req.claims.sub ?? req.claims.client_id }] }),
);
app.listen(PORT, () =>
  console.log(`Example resource server on http://localhost:${PORT} (issuer ${ISSUER}, audience ${AUDIENCE})`),
);
