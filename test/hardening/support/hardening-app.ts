import { createHash, randomBytes } from 'node:crypto';
import { ClientsService } from '../../../src/clients/clients.service';
import { DEVICE_CODE_GRANT_TYPE } from '../../../src/token/grants/device-code.grant-type';
import { UsersService } from '../../../src/users/users.service';
import { CookieJar } from '../../support/cookie-jar';
import { startTestApp, type TestApp } from '../../support/test-app';

export const ADMIN_TOKEN = 'hardening-admin-token-0123456789abcdef0123456789';
export const REDIRECT_URI = 'https://rp.example.com/cb';
export const POST_LOGOUT_REDIRECT_URI = 'https://rp.example.com/bye';
export const USERNAME = 'alice';
export const PASSWORD = 'correct horse battery staple';
export const CODE_VERIFIER = randomBytes(32).toString('base64url');
export const CODE_CHALLENGE = createHash('sha256').update(CODE_VERIFIER).digest('base64url');

/** What the browser helpers need of a server, in this process or another: where, and its clients. */
export interface ServerUnderTest {
  url: string;
  /** A confidential client allowed every grant, asking consent every time. */
  web: { clientId: string; clientSecret: string };
  /** A public client of the device grant. */
  device: { clientId: string };
}

export interface HardeningApp extends TestApp, ServerUnderTest {
  userId: string;
}

export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** A server with an admin token, one user and the clients the hardening suites attack. */
export async function startHardeningApp(env: Record<string, string> = {}): Promise<HardeningApp> {
  const t = await startTestApp({ ADMIN_TOKEN, ...env });
  const clients = t.app.get(ClientsService);
  const web = await clients.create({
    clientName: 'Hardened RP',
    redirectUris: [REDIRECT_URI],
    postLogoutRedirectUris: [POST_LOGOUT_REDIRECT_URI],
    grantTypes: [
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'password',
      DEVICE_CODE_GRANT_TYPE,
      JWT_BEARER_GRANT_TYPE,
    ],
    allowedScopes: ['openid', 'profile', 'email', 'offline_access'],
    consentPolicy: 'always',
  });
  const device = await clients.create({
    clientName: 'TV',
    grantTypes: [DEVICE_CODE_GRANT_TYPE],
    tokenEndpointAuthMethod: 'none',
    allowedScopes: ['openid', 'profile'],
  });
  const user = await t.app.get(UsersService).create({ username: USERNAME, password: PASSWORD });
  return {
    ...t,
    web: { clientId: web.client.clientId, clientSecret: web.clientSecret! },
    device: { clientId: device.client.clientId },
    userId: user.id,
  };
}

/** The parameters of an authorization request the server accepts. */
export function authorizationParams(
  t: ServerUnderTest,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    response_type: 'code',
    client_id: t.web.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile',
    state: 'state-1',
    nonce: 'nonce-1',
    code_challenge: CODE_CHALLENGE,
    code_challenge_method: 'S256',
    ...overrides,
  };
}

export const csrfField = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1];

/** A form page the browser holds, with the URL it posts to and its CSRF token. */
export interface OpenForm {
  jar: CookieJar;
  url: string;
  csrf: string;
  /** The form's other hidden fields (the logout confirmation's interaction). */
  fields?: Record<string, string>;
}

/** A fresh browser at the login page of a new authorization request. */
export async function openLoginForm(t: ServerUnderTest, jar = new CookieJar()): Promise<OpenForm> {
  const started = await jar.fetch(`${t.url}/oauth2/authorize?${new URLSearchParams(authorizationParams(t))}`);
  const url = started.headers.get('location')!;
  if (!url) throw new Error(`authorize answered ${started.status}: ${await started.text()}`);
  const html = await (await jar.fetch(url)).text();
  return { jar, url, csrf: csrfField(html, 'csrf')! };
}

/** A browser signed in as alice, at the consent page of an authorization request. */
export async function openConsentForm(t: ServerUnderTest, jar = new CookieJar()): Promise<OpenForm> {
  const login = await openLoginForm(t, jar);
  const signedIn = await login.jar.post(login.url, { csrf: login.csrf, login: USERNAME, password: PASSWORD });
  const url = signedIn.headers.get('location')!;
  if (!url) throw new Error(`login answered ${signedIn.status}: ${await signedIn.text()}`);
  const html = await (await login.jar.fetch(url)).text();
  return { jar: login.jar, url, csrf: csrfField(html, 'csrf')! };
}

/**
 * A browser signed in as alice, asked whether to sign out (RP-initiated logout without a hint);
 * by default the request asks to go back to the web client afterwards.
 */
export async function openLogoutConfirmation(
  t: ServerUnderTest,
  params: Record<string, string> = { client_id: t.web.clientId, post_logout_redirect_uri: POST_LOGOUT_REDIRECT_URI },
): Promise<OpenForm> {
  const { jar } = await openConsentForm(t);
  const query = new URLSearchParams(params);
  const html = await (await jar.fetch(`${t.url}/oauth2/logout?${query}`)).text();
  return {
    jar,
    url: `${t.url}/oauth2/logout/confirm`,
    csrf: csrfField(html, 'csrf')!,
    fields: { interaction: csrfField(html, 'interaction')! },
  };
}

/** A browser at the device code entry page. */
export async function openDeviceForm(t: ServerUnderTest, jar = new CookieJar()): Promise<OpenForm> {
  const html = await (await jar.fetch(`${t.url}/oauth2/device`)).text();
  return { jar, url: `${t.url}/oauth2/device`, csrf: csrfField(html, '_csrf')! };
}

/** The admin API with the admin token. */
export function adminFetch(t: Pick<TestApp, 'url'>, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${t.url}${path}`, {
    method,
    headers: { 'x-admin-token': ADMIN_TOKEN, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
