// Serves the single-page app: a browser client with PKCE and no secret (oauth4webapi).
//
//   CLIENT_ID=demo-spa node examples/spa/serve.mjs      then open http://localhost:3002
//
// The client is public (token_endpoint_auth_method "none") with the redirect URI
// http://localhost:3002/callback, the post-logout redirect URI http://localhost:3002/ and the grants authorization_code and refresh_token.
// See examples/README.md.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const ISSUER = process.env.ISSUER ?? 'http://localhost:3000';
const PORT = Number(process.env.PORT ?? 3002);
const CLIENT_ID = process.env.CLIENT_ID ?? 'demo-spa';

const here = new URL('.', import.meta.url);
const page = ['text/html', readFileSync(new URL('index.html', here))];
const files = {
  '/': page,
  '/callback': page,
  '/app.mjs': ['text/javascript', readFileSync(new URL('app.mjs', here))],
  '/oauth4webapi.mjs': ['text/javascript', readFileSync(createRequire(import.meta.url).resolve('oauth4webapi'))],
  '/config.json': ['application/json', JSON.stringify({ issuer: ISSUER, clientId: CLIENT_ID })],
};

createServer((req, res) => {
  const file = files[new URL(req.url, 'http://x').pathname];
  if (!file) return res.writeHead(404).end('not found');
  res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
}).listen(PORT, () => console.log(`Example single-page app on http://localhost:${PORT} (issuer ${ISSUER})`));
