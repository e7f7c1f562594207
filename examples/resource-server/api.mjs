// A resource server (an API) that accepts this server's access tokens: JWT access tokens
// (RFC 9068) checked locally with the published keys (JWKS), opaque ones through introspection
// (RFC 7662) with the API's own client credentials. Scopes decide what each route allows.
//
//   INTROSPECTION_CLIENT_ID=demo-api INTROSPECTION_CLIENT_SECRET=… node examples/resource-server/api.mjs
//
//   GET /api/me       any valid token: who it is for and what it may do
//   GET /api/orders   needs the scope orders:read
import express from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const ISSUER = process.env.ISSUER ?? 'http://localhost:3000';
const PORT = Number(process.env.PORT ?? 3003);
const CLIENT_ID = process.env.INTROSPECTION_CLIENT_ID ?? 'demo-api';
const CLIENT_SECRET = process.env.INTROSPECTION_CLIENT_SECRET ?? 'demo-api-secret';

const metadata = await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json();
const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));

/** The token's claims, or undefined when it is not an active token of this issuer. */
async function verify(token) {
  if (token.split('.').length === 3) {
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: metadata.issuer, typ: 'at+jwt' });
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
  return result.active && result.token_type !== 'refresh_token' ? result : undefined;
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
app.listen(PORT, () => console.log(`Example resource server on http://localhost:${PORT} (issuer ${ISSUER})`));
