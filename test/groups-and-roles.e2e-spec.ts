import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { discoverClient, PASSWORD, redeem, signInWithBrowser, withBrowserContext } from './support/browser-sign-in';
import { startRelyingParty, type RelyingPartyServer } from './support/relying-party';
import { startTestApp, type TestApp } from './support/test-app';

// Each flow drives a real browser through the login and consent pages.
jest.setTimeout(60_000);

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789abcdef0123';

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

describe('groups and roles released as claims (issue #22)', () => {
  let t: TestApp;
  let browser: Browser;
  let rp: RelyingPartyServer;
  let redirectUri: string;
  let aliceId: string;

  async function admin(method: string, path: string, body?: unknown): Promise<Reply> {
    const res = await fetch(`${t.url}/admin${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'x-admin-token': ADMIN_TOKEN,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const ok = async (method: string, path: string, body?: unknown) => {
    const reply = await admin(method, path, body);
    if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  };

  /** A confidential client made through the admin API, and openid-client configured for it. */
  const registerClient = async (scopes: string[], extra: Record<string, unknown> = {}) => {
    const { client, client_secret } = await ok('POST', '/clients', {
      client_name: 'Groups RP',
      redirect_uris: [redirectUri],
      allowed_scopes: scopes,
      consent_policy: 'once',
      ...extra,
    });
    return {
      clientId: client.client_id as string,
      config: await discoverClient(t.url, client.client_id, client_secret),
    };
  };

  const signIn = async (config: oidc.Configuration, scope: string) => {
    let tokens: oidc.TokenEndpointResponse | undefined;
    await withBrowserContext(browser, async (page) => {
      tokens = await redeem(
        config,
        await signInWithBrowser(page, config, redirectUri, { params: { scope }, login: 'alice' }),
      );
    });
    return tokens!;
  };

  beforeAll(async () => {
    rp = await startRelyingParty();
    redirectUri = rp.url('/callback');
    t = await startTestApp({ ADMIN_TOKEN });
    browser = await launchBrowser();
    aliceId = (await ok('POST', '/users', { username: 'alice', password: PASSWORD, email: 'alice@example.com' })).id;

    // org ⊃ engineering ⊃ backend; alice is a direct member of backend only.
    const org = await ok('POST', '/groups', { name: 'org' });
    const engineering = await ok('POST', '/groups', { name: 'engineering', parent_id: org.id });
    const backend = await ok('POST', '/groups', { name: 'backend', parent_id: engineering.id });
    await ok('PUT', `/groups/${backend.id}/members/${aliceId}`);
    // A global role granted to the top group, one granted to alice herself.
    const staff = await ok('POST', '/roles', { name: 'staff' });
    await ok('POST', `/roles/${staff.id}/grants`, { group_id: org.id });
    const auditor = await ok('POST', '/roles', { name: 'auditor' });
    await ok('POST', `/roles/${auditor.id}/grants`, { user_id: aliceId });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await rp?.close();
  });

  it('puts the groups (with their parents) and roles (direct and inherited) in the ID token and introspection', async () => {
    const { clientId, config } = await registerClient(['openid', 'groups', 'roles']);
    const billing = await ok('POST', '/roles', { name: 'billing-admin', client_id: clientId });
    const engineering = (await ok('GET', '/groups')).find((g: { name: string }) => g.name === 'engineering');
    await ok('POST', `/roles/${billing.id}/grants`, { group_id: engineering.id });

    const tokens = await signIn(config, 'openid groups roles');
    expect(tokens.scope?.split(' ').sort()).toEqual(['groups', 'openid', 'roles']);
    const idToken = decodeJwt(tokens.id_token!);
    expect(idToken.groups).toEqual(['backend', 'engineering', 'org']);
    expect(idToken.roles).toEqual(['auditor', 'billing-admin', 'staff']);

    const introspection = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(introspection).toMatchObject({ active: true, sub: aliceId });
    expect(introspection.groups).toEqual(['backend', 'engineering', 'org']);
    expect(introspection.roles).toEqual(['auditor', 'billing-admin', 'staff']);

    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, aliceId);
    expect(userinfo.groups).toEqual(['backend', 'engineering', 'org']);
  });

  it('releases nothing of either to a client that did not ask for the scopes, and no other client’s roles', async () => {
    const { clientId, config } = await registerClient(['openid', 'groups', 'roles', 'profile']);
    const tokens = await signIn(config, 'openid profile');
    const idToken = decodeJwt(tokens.id_token!);
    expect(idToken.groups).toBeUndefined();
    expect(idToken.roles).toBeUndefined();
    const introspection = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(introspection.active).toBe(true);
    expect(introspection.groups).toBeUndefined();
    expect(introspection.roles).toBeUndefined();
    expect(await oidc.fetchUserInfo(config, tokens.access_token, aliceId)).not.toHaveProperty('groups');

    // Asking for roles alone: the global roles, not billing-admin, which belongs to another client.
    const rolesOnly = await signIn(config, 'openid roles');
    const claims = decodeJwt(rolesOnly.id_token!);
    expect(claims.roles).toEqual(['auditor', 'staff']);
    expect(claims.groups).toBeUndefined();
    expect((await admin('GET', `/users/${aliceId}/access?client_id=${clientId}`)).body).toEqual({
      groups: ['backend', 'engineering', 'org'],
      roles: ['auditor', 'staff'],
    });
  });

  it('uses the client’s claim names and only in the tokens it chose (JWT access token, not the ID token)', async () => {
    const { clientId, config } = await registerClient(['openid', 'groups', 'roles'], { access_token_format: 'jwt' });
    expect(
      await ok('PATCH', `/clients/${clientId}/access-claims`, {
        groups_claim: 'memberOf',
        targets: ['access_token', 'introspection'],
      }),
    ).toEqual({ groups_claim: 'memberOf', roles_claim: 'roles', targets: ['access_token', 'introspection'] });

    const tokens = await signIn(config, 'openid groups roles');
    const idToken = decodeJwt(tokens.id_token!);
    expect(idToken.memberOf).toBeUndefined();
    expect(idToken.roles).toBeUndefined();
    const accessToken = decodeJwt(tokens.access_token);
    expect(accessToken.memberOf).toEqual(['backend', 'engineering', 'org']);
    expect(accessToken.groups).toBeUndefined();
    expect(accessToken.roles).toEqual(['auditor', 'staff']);
    expect(accessToken.sub).toBe(aliceId);
  });

  it('refuses cycles, nesting deeper than three levels, reserved claim names and duplicates', async () => {
    const groups: Array<{ id: string; name: string }> = await ok('GET', '/groups');
    const byName = (name: string) => groups.find((g) => g.name === name)!.id;
    expect(await admin('PATCH', `/groups/${byName('org')}`, { parent_id: byName('backend') })).toMatchObject({
      status: 409,
      body: { code: 'group_hierarchy' },
    });
    expect(await admin('POST', '/groups', { name: 'too-deep', parent_id: byName('backend') })).toMatchObject({
      status: 409,
      body: { code: 'group_hierarchy' },
    });
    expect(await admin('POST', '/groups', { name: 'ORG' })).toMatchObject({
      status: 409,
      body: { code: 'group_exists' },
    });
    expect(await admin('DELETE', `/groups/${byName('org')}`)).toMatchObject({
      status: 409,
      body: { code: 'group_has_subgroups' },
    });
    const { clientId } = await registerClient(['openid']);
    expect(await admin('PATCH', `/clients/${clientId}/access-claims`, { roles_claim: 'sub' })).toMatchObject({
      status: 400,
      body: { code: 'invalid_claim_settings' },
    });
    expect(await admin('GET', '/clients/no-such-client/access-claims')).toMatchObject({ status: 404 });
    expect(await admin('POST', '/roles', { name: 'x', client_id: 'no-such-client' })).toMatchObject({ status: 404 });
  });

  it('adds a client’s claim mappings (constants, and attributes only with their scope) to the tokens it chose', async () => {
    const { clientId, config } = await registerClient(['openid', 'profile', 'email'], { access_token_format: 'jwt' });
    const mappings = [
      { claim: 'tenant', value: 'acme', targets: ['id_token', 'introspection'] },
      { claim: 'login', attribute: 'username', scope: 'profile', targets: ['id_token', 'userinfo'] },
      { claim: 'mail', attribute: 'email', scope: 'email', targets: ['access_token'] },
    ];
    expect((await admin('PUT', `/clients/${clientId}/claim-mappings`, { mappings })).status).toBe(200);
    expect((await ok('GET', `/clients/${clientId}/claim-mappings`)).mappings).toEqual(mappings);

    const narrow = await signIn(config, 'openid');
    expect(decodeJwt(narrow.id_token!)).toMatchObject({ tenant: 'acme' });
    expect(decodeJwt(narrow.id_token!).login).toBeUndefined();
    expect(decodeJwt(narrow.access_token).mail).toBeUndefined();

    const wide = await signIn(config, 'openid profile email');
    expect(decodeJwt(wide.id_token!)).toMatchObject({ tenant: 'acme', login: 'alice' });
    expect(decodeJwt(wide.access_token)).toMatchObject({ mail: 'alice@example.com' });
    expect(decodeJwt(wide.access_token).tenant).toBeUndefined();
    expect(await oidc.fetchUserInfo(config, wide.access_token, aliceId)).toMatchObject({ login: 'alice' });
    expect(await oidc.tokenIntrospection(config, wide.access_token)).toMatchObject({ active: true, tenant: 'acme' });

    // Checked when saved: reserved names, attributes without a scope, unknown scopes.
    for (const bad of [
      [{ claim: 'sub', value: 'x', targets: ['id_token'] }],
      [{ claim: 'login', attribute: 'username', targets: ['id_token'] }],
      [{ claim: 'login', attribute: 'username', scope: 'no-such-scope', targets: ['id_token'] }],
    ])
      expect(await admin('PUT', `/clients/${clientId}/claim-mappings`, { mappings: bad })).toMatchObject({
        status: 400,
        body: { code: 'invalid_claim_settings' },
      });
  });

  it('lets an administrator build groups, memberships and role grants in the console', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await page.goto(`${t.url}/admin/console/sign-in`);
      await page.getByLabel('Admin token (required)').fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Groups' }).click();
      expect(await page.locator('h1').textContent()).toBe('Groups');

      await page.getByLabel('Name').fill('support');
      await page.getByLabel('Inside').selectOption({ label: 'org' });
      await page.getByRole('button', { name: 'Create group' }).click();
      expect(await page.locator('h1').textContent()).toBe('Group support');
      expect(await page.locator('.facts').textContent()).toContain('org / support');
      await page.getByLabel('Add a user (username or email)').fill('alice@example.com');
      await page.getByRole('button', { name: 'Add to the group' }).click();
      expect(await page.getByRole('region', { name: 'Direct members' }).textContent()).toContain('alice');

      // Moving org under its own subgroup is refused with the reason on an error page.
      await page.goto(`${t.url}/admin/console/groups`);
      await page.getByRole('link', { name: 'org', exact: true }).click();
      await page
        .getByLabel('Inside')
        .selectOption({ label: 'org / support' })
        .catch(() => undefined);
      expect(await page.locator('#group-parent option').allTextContents()).not.toContain('org / support');

      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Roles' }).click();
      await page.getByLabel('Name').fill('helpdesk');
      await page.getByRole('button', { name: 'Create role' }).click();
      expect(await page.locator('h1').textContent()).toBe('Role helpdesk');
      await page.getByLabel('…or to a group').selectOption({ label: 'org / support' });
      await page.getByRole('button', { name: 'Grant the role' }).click();
      expect(await page.getByRole('region', { name: 'Users and groups granted the role' }).textContent()).toContain(
        'support',
      );
    } finally {
      await context.close();
    }
    const access = (await admin('GET', `/users/${aliceId}/access`)).body;
    expect(access.groups).toEqual(['backend', 'engineering', 'org', 'support']);
    expect(access.roles).toContain('helpdesk');
  });

  it('records who changed groups, memberships, roles and grants in the audit log', async () => {
    const { body } = await admin('GET', '/audit-events?type=admin.group.*');
    const types = new Set((body.items ?? body).map((e: { type: string }) => e.type));
    expect(types).toEqual(new Set(['admin.group.created', 'admin.group.member_added']));
    // (the console's changes are recorded alike: created, member_added, role granted)
    const roles = await admin('GET', '/audit-events?type=admin.role.*');
    expect(new Set((roles.body.items ?? roles.body).map((e: { type: string }) => e.type))).toEqual(
      new Set(['admin.role.created', 'admin.role.granted']),
    );
  });
});
