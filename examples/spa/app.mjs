// The browser side: authorization code with PKCE as a public client, userinfo, refresh, sign-out.
// Tokens stay in memory and sessionStorage of this tab only.
import * as oauth from '/oauth4webapi.mjs';

const { issuer: issuerUrl, clientId } = await (await fetch('/config.json')).json();
const issuer = new URL(issuerUrl);
const options = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options));
const client = { client_id: clientId };
const auth = oauth.None();
const redirectUri = `${location.origin}/callback`;
const home = `${location.origin}/`;
const $ = (id) => document.getElementById(id);
const store = sessionStorage;

async function login() {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  store.setItem('pkce', JSON.stringify({ verifier, state }));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile email offline_access',
    prompt: 'consent',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  }).toString();
  location.assign(url.href);
}

async function finishLogin() {
  const { verifier, state } = JSON.parse(store.getItem('pkce'));
  store.removeItem('pkce');
  const params = oauth.validateAuthResponse(as, client, new URL(location.href), state);
  history.replaceState(null, '', '/');
  const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, redirectUri, verifier, options);
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
  keep({ ...tokens, sub: oauth.getValidatedIdTokenClaims(tokens).sub });
}

function keep(tokens) {
  const previous = JSON.parse(store.getItem('tokens') ?? '{}');
  store.setItem('tokens', JSON.stringify({ ...previous, ...tokens }));
}

async function showUser() {
  const tokens = JSON.parse(store.getItem('tokens'));
  const response = await oauth.userInfoRequest(as, client, tokens.access_token, options);
  const info = await oauth.processUserInfoResponse(as, client, tokens.sub, response);
  $('status').textContent = `Signed in as ${info.preferred_username ?? info.sub}`;
  $('userinfo').textContent = JSON.stringify(info, null, 2);
  $('login').hidden = true;
  $('refresh').hidden = $('logout').hidden = false;
}

async function refresh() {
  const tokens = JSON.parse(store.getItem('tokens'));
  const response = await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token, options);
  keep(await oauth.processRefreshTokenResponse(as, client, response));
  await showUser();
  $('status').textContent += ' (tokens refreshed)';
}

function logout() {
  const tokens = JSON.parse(store.getItem('tokens'));
  store.removeItem('tokens');
  const url = new URL(as.end_session_endpoint);
  url.search = new URLSearchParams({
    id_token_hint: tokens.id_token,
    post_logout_redirect_uri: home,
  }).toString();
  location.assign(url.href);
}

$('login').onclick = login;
$('refresh').onclick = () => refresh().catch(fail);
$('logout').onclick = logout;

function fail(error) {
  $('status').textContent = `Error: ${error.error ?? error.message}`;
}

try {
  if (new URL(location.href).searchParams.has('code')) await finishLogin();
  if (store.getItem('tokens')) await showUser();
  else {
    $('status').textContent = 'You are signed out.';
    $('login').hidden = false;
  }
} catch (error) {
  fail(error);
  $('login').hidden = false;
}
