import * as oidc from 'openid-client';
import type { Browser, BrowserContext } from 'playwright-core';
import { InitialAccessTokenService } from '../src/registration/initial-access-token.service';
import { ScopesService } from '../src/scopes/scopes.service';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD, redeem, signInWithBrowser } from './support/browser-sign-in';
import { DeviceUser } from './support/device-user';
import { postForm } from './support/introspection-requests';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, type TestApp } from './support/test-app';
import { basicAuth, postToken } from './support/token-requests';

// Browser sign-ins and device polls: seconds apiece on a loaded machine.
jest.setTimeout(60_000);

const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
const STANDARD_SCOPES = 'openid profile email address phone offline_access';
type Json = Record<string, unknown>;

async function register(t: TestApp, metadata: Json, token?: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${t.url}/oauth2/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(metadata),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

/** Approves a device's user code as alice in a browser of her own (fetch and a cookie jar). */
async function approveDevice(t: TestApp, userCode: string): Promise<void> {
  const last = await new DeviceUser(t, PASSWORD).approve(userCode, 'alice');
  expect(last.html).toContain('Device connected');
}

/**
 * Relying parties that register themselves (RFC 7591) and rely on the defaults: what they may ask
 * for without naming a scope, one scope rule at every endpoint, consent remembered so that
 * prompt=none works, and registration as oidc-agent does it.
 */
describe('dynamically registered clients, as real RPs register them', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let redirectUri: string;
  let browserContext: BrowserContext;
  let defaulted: { id: string; secret: string; config: oidc.Configuration };

  beforeAll(async () => {
    rp = await startRelyingParty();
    redirectUri = rp.url('/callback');
    t = await startTestApp({ DEVICE_POLLING_INTERVAL: '1' });
    browser = await launchBrowser();
    browserContext = await browser.newContext();
    await t.app.get(UsersService).create({
      username: 'alice',
      email: 'alice@example.com',
      emailVerified: true,
      name: 'Alice Liddell',
      password: PASSWORD,
    });
    const scopes = t.app.get(ScopesService);
    await scopes.create({ name: 'api:read', description: 'Read the API' });
    await scopes.create({ name: 'api:write', description: 'Write to the API' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rp?.close();
  });

  it('lets a client registered without scope ask for profile, email and offline_access in the code flow', async () => {
    const reg = await register(t, {
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
    });
    expect(reg.status).toBe(201);
    expect(reg.body.scope).toBe(STANDARD_SCOPES);
    const id = String(reg.body.client_id);
    const secret = String(reg.body.client_secret);
    defaulted = { id, secret, config: await discoverClient(t.url, id, secret) };

    const page = await browserContext.newPage();
    const run = await signInWithBrowser(page, defaulted.config, redirectUri, {
      params: { scope: 'openid profile email offline_access' },
    });
    expect(run.pages).toEqual(['login', 'consent']);
    const tokens = await redeem(defaulted.config, run);
    expect(tokens.scope).toBe('openid profile email offline_access');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const sub = tokens.claims()!.sub;
    await expect(oidc.fetchUserInfo(defaulted.config, tokens.access_token, sub)).resolves.toMatchObject({
      name: 'Alice Liddell',
      email: 'alice@example.com',
    });
    await expect(oidc.refreshTokenGrant(defaulted.config, tokens.refresh_token!)).resolves.toMatchObject({
      scope: 'openid profile email offline_access',
    });
    await page.close();
  });

  it('remembers the consent of a registered client (consent once), so prompt=none then succeeds', async () => {
    const [row] = await t.dataSource.query('SELECT consent_policy FROM clients WHERE client_id = $1', [defaulted.id]);
    expect(row.consent_policy).toBe('once');
    const page = await browserContext.newPage();
    const run = await signInWithBrowser(page, defaulted.config, redirectUri, {
      params: { scope: 'openid profile email offline_access', prompt: 'none' },
    });
    expect(run.pages).toEqual([]);
    const tokens = await redeem(defaulted.config, run);
    expect(tokens.scope).toBe('openid profile email offline_access');
    await page.close();
  });

  it('narrows an over-wide request the same way in the code flow and the device flow, saying so in scope', async () => {
    const reg = await register(t, {
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', DEVICE_CODE],
      token_endpoint_auth_method: 'none',
      scope: 'openid profile',
    });
    expect(reg.status).toBe(201);
    const config = await discoverClient(t.url, String(reg.body.client_id));
    const wide = 'openid profile email offline_access';

    const page = await browserContext.newPage();
    const run = await signInWithBrowser(page, config, redirectUri, { params: { scope: wide } });
    const code = await redeem(config, run);
    expect(code.scope).toBe('openid profile');
    expect(code.refresh_token).toBeUndefined();
    await page.close();

    const started = await oidc.initiateDeviceAuthorization(config, { scope: wide });
    const polling = oidc.pollDeviceAuthorizationGrant(config, started);
    await approveDevice(t, started.user_code);
    const device = await polling;
    expect(device.scope).toBe('openid profile');
    expect(device.refresh_token).toBeUndefined();
  });

  it('refuses an unknown scope, and a request of which nothing is allowed, with invalid_scope at every endpoint', async () => {
    const deviceClient = await register(t, { grant_types: [DEVICE_CODE], token_endpoint_auth_method: 'none' });
    const clientId = String(deviceClient.body.client_id);
    for (const scope of ['openid nonsense', 'api:read']) {
      const res = await postForm(t, '/oauth2/device_authorization', { client_id: clientId, scope });
      expect([scope, res.status, res.body.error]).toEqual([scope, 400, 'invalid_scope']);
    }

    const { token } = await t.app.get(InitialAccessTokenService).issue({ scopes: ['api:read'] });
    const machine = await register(t, { grant_types: ['client_credentials'], scope: 'api:read' }, token);
    expect(machine.status).toBe(201);
    const auth = { authorization: basicAuth(String(machine.body.client_id), String(machine.body.client_secret)) };
    const narrowed = await postToken(t, { grant_type: 'client_credentials', scope: 'api:read api:write' }, auth);
    expect([narrowed.status, narrowed.body.scope]).toEqual([200, 'api:read']);
    for (const scope of ['api:read nonsense', 'api:write']) {
      const res = await postToken(t, { grant_type: 'client_credentials', scope }, auth);
      expect([scope, res.status, res.body.error]).toEqual([scope, 400, 'invalid_scope']);
    }
  });

  it('registers an API scope only with an initial access token that allows it', async () => {
    const open = await register(t, { grant_types: ['client_credentials'], scope: 'api:read' });
    expect(open.status).toBe(400);
    expect(open.body).toEqual({
      error: 'invalid_client_metadata',
      error_description: 'scope: api:read can be registered only with an initial access token that allows it',
    });
    const { token } = await t.app.get(InitialAccessTokenService).issue({ scopes: ['api:read'], maxUses: 3 });
    const beyond = await register(t, { grant_types: ['client_credentials'], scope: 'api:read api:write' }, token);
    expect([beyond.status, beyond.body.error_description]).toEqual([
      400,
      'scope: api:write can be registered only with an initial access token that allows it',
    ]);
    const allowed = await register(t, { grant_types: ['client_credentials'], scope: 'api:read' }, token);
    expect([allowed.status, allowed.body.scope]).toEqual([201, 'api:read']);
    // RFC 7592: the client keeps what it was given when it updates its registration.
    const update = await fetch(String(allowed.body.registration_client_uri), {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${String(allowed.body.registration_access_token)}`,
      },
      body: JSON.stringify({
        client_id: allowed.body.client_id,
        grant_types: ['client_credentials'],
        scope: 'api:read profile',
      }),
    });
    expect(update.status).toBe(200);
    expect(((await update.json()) as Json).scope).toBe('api:read profile');
    // Open registration needs no token: any other bearer token is ignored, and allows no API scope.
    const otherToken = await register(t, { grant_types: ['client_credentials'] }, 'not-a-token');
    expect(otherToken.status).toBe(201);
    const otherTokenApi = await register(t, { grant_types: ['client_credentials'], scope: 'api:read' }, 'not-a-token');
    expect(otherTokenApi.status).toBe(400);
  });

  it('registers as oidc-agent does (device and refresh grants, response types intersected with discovery), then signs a device in', async () => {
    const doc = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as Json;
    const supported = doc.response_types_supported as string[];
    // RFC 9700 §2.1.2: nothing that puts an access token in the front channel is offered.
    expect(supported).toEqual(['code', 'code id_token', 'none', 'id_token']);
    const reg = await register(t, {
      client_name: 'oidc-agent:alice-laptop',
      grant_types: [DEVICE_CODE, 'refresh_token'],
      response_types: ['token'].filter((r) => supported.includes(r)),
      scope: 'openid profile offline_access',
      application_type: 'native',
    });
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({ grant_types: [DEVICE_CODE, 'refresh_token'], response_types: [] });

    const config = await discoverClient(t.url, String(reg.body.client_id), String(reg.body.client_secret));
    const started = await oidc.initiateDeviceAuthorization(config, { scope: 'openid profile offline_access' });
    const polling = oidc.pollDeviceAuthorizationGrant(config, started);
    await approveDevice(t, started.user_code);
    const tokens = await polling;
    expect(tokens.scope).toBe('openid profile offline_access');
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).resolves.toMatchObject({
      token_type: 'bearer',
    });
  });

  it('answers response_type=none with state and iss alone, after sign-in and consent (Multiple Response Types §4)', async () => {
    const reg = await register(t, { redirect_uris: [redirectUri], response_types: ['code', 'none'] });
    expect([reg.status, reg.body.response_types]).toEqual([201, ['code', 'none']]);
    const config = await discoverClient(t.url, String(reg.body.client_id), String(reg.body.client_secret));
    const page = await browserContext.newPage();
    const run = await signInWithBrowser(page, config, redirectUri, { params: { response_type: 'none' } });
    expect(run.pages).toEqual(['consent']);
    const callback = new URL(run.callback.url);
    expect(Object.fromEntries(callback.searchParams)).toEqual({ state: run.checks.expectedState, iss: t.url });
    await page.close();
  });

  it('refuses to register a response type that returns an access token from the authorization endpoint', async () => {
    const reg = await register(t, {
      grant_types: ['implicit'],
      response_types: ['token'],
      redirect_uris: [redirectUri],
    });
    expect(reg.status).toBe(400);
    expect(reg.body.error).toBe('invalid_client_metadata');
    expect(reg.body.error_description).toMatch(/access token from the authorization endpoint/);
  });
});

describe('registration defaults an operator sets', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      REGISTRATION_DEFAULT_SCOPES: 'openid email',
      REGISTRATION_CONSENT_POLICY: 'always',
      IMPLICIT_ACCESS_TOKENS: 'true',
    });
  });
  afterAll(() => t?.close());

  it('registers REGISTRATION_DEFAULT_SCOPES and REGISTRATION_CONSENT_POLICY, and token response types when enabled', async () => {
    const reg = await register(t, {
      redirect_uris: ['https://rp.example.com/cb'],
      grant_types: ['authorization_code', 'implicit'],
      response_types: ['code', 'code id_token token'],
    });
    expect(reg.status).toBe(201);
    expect(reg.body.scope).toBe('openid email');
    const [row] = await t.dataSource.query('SELECT consent_policy FROM clients WHERE client_id = $1', [
      reg.body.client_id,
    ]);
    expect(row.consent_policy).toBe('always');
    const doc = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as Json;
    expect(doc.response_types_supported).toEqual(expect.arrayContaining(['token', 'code id_token token']));
  });
});
