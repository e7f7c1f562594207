// A command-line client that signs its user in with the device authorization grant (RFC 8628):
// it prints a code and a URL, the user approves in any browser, the command receives tokens.
//
//   CLIENT_ID=demo-device node examples/device-cli/device.mjs
//
// The client is public (token_endpoint_auth_method "none") with the grants
// urn:ietf:params:oauth:grant-type:device_code and refresh_token. See examples/README.md.
import * as oidc from 'openid-client';

const ISSUER = process.env.ISSUER ?? 'http://localhost:3000';
const CLIENT_ID = process.env.CLIENT_ID ?? 'demo-device';
const SCOPE = process.env.SCOPE ?? 'openid profile email offline_access';

const insecure = new URL(ISSUER).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined;
const config = await oidc.discovery(new URL(ISSUER), CLIENT_ID, undefined, oidc.None(), insecure);

const device = await oidc.initiateDeviceAuthorization(config, { scope: SCOPE });
console.log(`Open ${device.verification_uri} and enter the code ${device.user_code}`);
console.log(`(or open ${device.verification_uri_complete})`);

try {
  const tokens = await oidc.pollDeviceAuthorizationGrant(config, device);
  const claims = tokens.claims();
  console.log(`Signed in as ${claims?.preferred_username ?? claims?.sub}`);
  const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  console.log(JSON.stringify({ scope: tokens.scope, refresh_token: Boolean(tokens.refresh_token), userinfo: info }));
} catch (error) {
  console.error(`Not signed in: ${error.error ?? error.message}`);
  process.exitCode = 1;
}
