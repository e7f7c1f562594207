import { decodeJwt } from 'jose';
import type { SecondFactorMethod, SecondFactorResult } from '../src/factors/second-factor/second-factor-method';
import { RecoveryCodes } from '../src/factors/recovery-codes/recovery-codes.service';
import { SecondFactorMethods } from '../src/factors/second-factor/second-factor-methods';
import { MULTI_FACTOR_ACR } from '../src/authenticators/acr';
import { hashToken } from '../src/token/opaque-token';
import { RolesService } from '../src/users/access/roles.service';
import type { User } from '../src/users/user.entity';
import { CookieJar } from './support/cookie-jar';
import { postForm } from './support/introspection-requests';
import {
  basicAuth,
  createClient,
  createUser,
  postToken,
  tokenRow,
  type RegisteredClient,
} from './support/token-requests';
import { startTestApp, type TestApp } from './support/test-app';

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789abcdef0123';
const PASSWORD = 'correct horse battery';
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

/** A second factor as the factors module's methods will be: enrolments counted per user. */
class FakeFactor implements SecondFactorMethod {
  readonly enrolments = new Map<string, number>();
  readonly reaches = MULTI_FACTOR_ACR;
  constructor(readonly name: string) {}

  isEnrolled(userId: string): Promise<boolean> {
    return Promise.resolve((this.enrolments.get(userId) ?? 0) > 0);
  }
  pageData(): Promise<Record<string, unknown>> {
    return Promise.resolve({});
  }
  verify(): Promise<SecondFactorResult> {
    return Promise.resolve({ ok: false, message: 'not in this test', status: 400 });
  }
  removeAll(userId: string): Promise<number> {
    const count = this.enrolments.get(userId) ?? 0;
    this.enrolments.delete(userId);
    return Promise.resolve(count);
  }
}

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

describe('who must use a second factor, and what tokens say about the sign-in', () => {
  let t: TestApp;
  const codes = new FakeFactor('fake-otp');
  const keys = new FakeFactor('fake-key');
  let rp: RegisteredClient;
  let strictRp: RegisteredClient;
  let alice: User;

  async function admin(method: string, path: string, body?: unknown, headers = { 'x-admin-token': ADMIN_TOKEN }) {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined } as Reply;
  }
  const setMfaRequired = (value: string) => admin('PUT', '/admin/account-settings', { mfa_required: value });
  const passwordGrant = (
    as: RegisteredClient,
    username: string,
    password = PASSWORD,
    scope = 'openid offline_access',
  ) =>
    postToken(
      t,
      { grant_type: 'password', username, password, scope },
      { authorization: basicAuth(as.clientId, as.clientSecret) },
    );
  const introspect = (token: string, as: RegisteredClient = rp) =>
    postForm(t, '/oauth2/introspect', { token }, { authorization: basicAuth(as.clientId, as.clientSecret) });
  const grantsOf = async (user: User) =>
    Number((await t.dataSource.query('SELECT count(*)::int AS n FROM grants WHERE user_id = $1', [user.id]))[0].n);

  async function consoleJar(): Promise<CookieJar> {
    const jar = new CookieJar();
    const signIn = await (await jar.fetch(`${t.url}/admin/console/sign-in`)).text();
    await jar.post(`${t.url}/admin/console/sign-in`, { token: ADMIN_TOKEN, _csrf: csrfOf(signIn) });
    return jar;
  }

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN });
    const methods = t.app.get(SecondFactorMethods);
    methods.register(codes);
    methods.register(keys);
    const passwordClient = {
      grantTypes: ['password', 'refresh_token', 'client_credentials'],
      redirectUris: [],
      allowedScopes: ['openid', 'offline_access'],
    };
    rp = await createClient(t, passwordClient);
    strictRp = await createClient(t, { ...passwordClient, requireMfa: true });
    alice = await createUser(t, { username: 'alice' });
  });
  afterAll(() => t?.close());

  describe('require_mfa on a client', () => {
    it('is set, shown and cleared through the admin API, off by default, and documented in its OpenAPI', async () => {
      const created = await admin('POST', '/admin/clients', {
        client_name: 'Payroll',
        redirect_uris: ['https://payroll.example.com/cb'],
        require_mfa: true,
      });
      expect(created.status).toBe(201);
      expect(created.body.client.require_mfa).toBe(true);
      const id = created.body.client.client_id as string;
      expect((await admin('GET', `/admin/clients/${id}`)).body.require_mfa).toBe(true);
      expect((await admin('PATCH', `/admin/clients/${id}`, { require_mfa: false })).body.client.require_mfa).toBe(
        false,
      );
      const [row] = await t.dataSource.query('SELECT require_mfa FROM clients WHERE client_id = $1', [id]);
      expect(row.require_mfa).toBe(false);
      const bad = await admin('PATCH', `/admin/clients/${id}`, { require_mfa: 'yes' });
      expect(bad.status).toBe(400);
      expect(bad.body.fields).toHaveProperty('require_mfa');

      const plain = await admin('POST', '/admin/clients', {
        client_name: 'Plain',
        redirect_uris: ['https://a.example/cb'],
      });
      expect(plain.body.client.require_mfa).toBe(false);

      const doc = (await (await fetch(`${t.url}/admin/docs-json`)).json()) as {
        components: { schemas: Record<string, { properties: Record<string, unknown> }> };
      };
      expect(doc.components.schemas.CreateClientDto.properties.require_mfa).toMatchObject({
        type: 'boolean',
        default: false,
        description: expect.stringContaining('second factor'),
      });
    });

    it('is a checkbox of the console’s client form', async () => {
      const jar = await consoleJar();
      const form = await (await jar.fetch(`${t.url}/admin/console/clients/new`)).text();
      expect(form).toContain('name="require_mfa"');
      const created = await jar.post(`${t.url}/admin/console/clients`, {
        _csrf: csrfOf(form),
        client_name: 'Console payroll',
        token_endpoint_auth_method: 'client_secret_basic',
        redirect_uris: 'https://console-payroll.example.com/cb',
        grant_types: 'authorization_code',
        response_types: 'code',
        allowed_scopes: 'openid',
        default_scopes: 'openid',
        consent_policy: 'always',
        access_token_format: 'opaque',
        require_pkce: 'on',
        revoke_tokens_on_logout: 'on',
        require_mfa: 'on',
      });
      expect(created.status).toBe(201);
      const [row] = await t.dataSource.query(`SELECT require_mfa FROM clients WHERE client_name = 'Console payroll'`);
      expect(row.require_mfa).toBe(true);
    });

    it('may be asked for at registration, and an update cannot take it away', async () => {
      const register = (body: unknown, method = 'POST', path = '/oauth2/register', token?: string) =>
        fetch(`${t.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
      const metadata = { client_name: 'Self-registered', redirect_uris: ['https://self.example.com/cb'] };
      const res = await register({ ...metadata, require_mfa: true });
      expect(res.status).toBe(201);
      const registered = (await res.json()) as {
        client_id: string;
        registration_access_token: string;
        require_mfa?: boolean;
      };
      expect(registered.require_mfa).toBe(true);
      const [row] = await t.dataSource.query('SELECT require_mfa FROM clients WHERE client_id = $1', [
        registered.client_id,
      ]);
      expect(row.require_mfa).toBe(true);

      // RFC 7592 §2.2: an update replaces the registration, yet require_mfa stays on, shown as it is.
      const path = `/oauth2/register/${registered.client_id}`;
      for (const update of [metadata, { ...metadata, require_mfa: false }]) {
        const updated = await register(
          { ...update, client_id: registered.client_id },
          'PUT',
          path,
          registered.registration_access_token,
        );
        expect(updated.status).toBe(200);
        expect(((await updated.json()) as { require_mfa?: boolean }).require_mfa).toBe(true);
      }

      const plain = await (await register(metadata)).json();
      expect(plain).not.toHaveProperty('require_mfa');
      const refused = await register({ ...metadata, require_mfa: 'yes' });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toBe('invalid_client_metadata');
    });
  });

  describe('mfa_required in the account settings', () => {
    afterEach(() => setMfaRequired('off'));

    it('is read and changed through the admin API, audited, and a wrong value is a 400 that says why', async () => {
      expect((await admin('GET', '/admin/account-settings')).body.mfa_required).toBe('off');
      const changed = await setMfaRequired('admins');
      expect(changed.status).toBe(200);
      expect(changed.body.mfa_required).toBe('admins');
      const [event] = (await admin('GET', '/admin/audit-events?type=admin.account_settings.updated')).body.items;
      expect(event.details).toEqual({ fields: ['mfa_required'] });

      const bad = await setMfaRequired('sometimes');
      expect(bad.status).toBe(400);
      expect(bad.body.error_description).toContain('mfa_required must be one of off, all, admins');
      expect((await admin('GET', '/admin/account-settings')).body.mfa_required).toBe('admins');
    });

    it('is a choice of the console’s sign-up and sign-in page', async () => {
      const jar = await consoleJar();
      const page = await (await jar.fetch(`${t.url}/admin/console/account-settings`)).text();
      expect(page).toContain('Sign-up and sign-in');
      expect(page).toMatch(/<option value="off" selected>/);
      const form = {
        _csrf: csrfOf(page),
        signup_verification: 'required',
        password_min_length: '',
      };
      const refused = await jar.post(`${t.url}/admin/console/account-settings`, { ...form, mfa_required: 'never' });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('mfa_required must be one of off, all, admins');
      expect((await admin('GET', '/admin/account-settings')).body.mfa_required).toBe('off');

      const saved = await jar.post(`${t.url}/admin/console/account-settings`, { ...form, mfa_required: 'all' });
      expect(saved.status).toBe(303);
      expect((await admin('GET', '/admin/account-settings')).body.mfa_required).toBe('all');
      const shown = await (await jar.fetch(`${t.url}/admin/console/account-settings`)).text();
      expect(shown).toMatch(/<option value="all" selected>/);
    });
  });

  describe('the password grant', () => {
    afterEach(() => setMfaRequired('off'));

    it('refuses every sign-in to a client with require_mfa, before the password is checked', async () => {
      for (const password of [PASSWORD, 'not the password']) {
        const res = await passwordGrant(strictRp, 'alice', password);
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          error: 'invalid_grant',
          error_description:
            'this client requires a second factor, which the password grant cannot carry: sign in through the browser instead',
        });
      }
      expect(await grantsOf(alice)).toBe(0);
    });

    it('refuses everybody when mfa_required is all', async () => {
      await setMfaRequired('all');
      const res = await passwordGrant(rp, 'alice');
      expect(res.body).toMatchObject({
        error: 'invalid_grant',
        error_description: expect.stringMatching(/^every sign-in requires a second factor/),
      });
      await setMfaRequired('off');
      expect((await passwordGrant(rp, 'alice')).status).toBe(200);
    });

    it('refuses holders of the global admin role, and only them, when mfa_required is admins', async () => {
      const root = await createUser(t, { username: 'root' });
      const roles = t.app.get(RolesService);
      await roles.grant((await roles.create({ name: 'admin' })).id, { userId: root.id });
      await setMfaRequired('admins');
      const refused = await passwordGrant(rp, 'root');
      expect(refused.status).toBe(400);
      expect(refused.body.error_description).toMatch(/^administrators must sign in with a second factor/);
      expect(await grantsOf(root)).toBe(0);
      expect((await passwordGrant(rp, 'alice')).status).toBe(200);
      // A wrong password still gets the usual answer.
      expect((await passwordGrant(rp, 'root', 'wrong')).body.error_description).toBe('invalid username or password');
    });

    it('refuses a user who enrolled a second factor, whatever the policy, until an administrator resets it', async () => {
      const bob = await createUser(t, { username: 'bob' });
      keys.enrolments.set(bob.id, 1);
      const refused = await passwordGrant(rp, 'bob');
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        error: 'invalid_grant',
        error_description:
          'the account has a second factor, which the password grant cannot carry: sign in through the browser instead',
      });
      expect((await passwordGrant(rp, 'bob', 'wrong')).body.error_description).toBe('invalid username or password');
      expect(await grantsOf(bob)).toBe(0);
      expect((await admin('DELETE', `/admin/users/${bob.id}/factors`)).status).toBe(200);
      expect((await passwordGrant(rp, 'bob')).status).toBe(200);
    });
  });

  describe('an administrator’s reset of a user’s second factors', () => {
    it('lists the factors a user has and removes them all, audited with the counts, leaving sessions alone', async () => {
      const carol = await createUser(t, { username: 'carol' });
      codes.enrolments.set(carol.id, 3);
      keys.enrolments.set(carol.id, 2);
      // A real method too: ten recovery codes, kept in the factors module's table.
      await t.app.get(RecoveryCodes).replace(carol.id);
      const recoveryCodesOf = async () =>
        (await t.dataSource.query('SELECT count(*)::int AS n FROM recovery_codes WHERE user_id = $1', [carol.id]))[0]
          .n as number;
      expect(await recoveryCodesOf()).toBe(10);
      await t.dataSource.query(
        `INSERT INTO sessions (secret_hash, user_id, auth_time, expires_at, amr)
         VALUES (md5(random()::text), $1, now(), now() + interval '1 day', '{pwd,otp,mfa}')`,
        [carol.id],
      );
      expect((await admin('GET', `/admin/users/${carol.id}/factors`)).body).toEqual({
        factors: ['recovery-code', 'fake-otp', 'fake-key'],
      });

      const reset = await admin('DELETE', `/admin/users/${carol.id}/factors`);
      expect(reset.status).toBe(200);
      const removed = { totp: 0, 'recovery-code': 10, passkey: 0, 'fake-otp': 3, 'fake-key': 2 };
      expect(reset.body).toEqual({ count: 15, removed });
      expect(await recoveryCodesOf()).toBe(0);
      expect((await admin('GET', `/admin/users/${carol.id}/factors`)).body).toEqual({ factors: [] });
      const [event] = (await admin('GET', `/admin/audit-events?type=admin.user.factors_reset&subject=${carol.id}`)).body
        .items;
      expect(event).toMatchObject({
        actor: expect.stringMatching(/^admin:/),
        details: { count: 15, removed },
      });
      const [open] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND ended_at IS NULL',
        [carol.id],
      );
      expect(open.n).toBe(1);

      // Nothing left: a second reset removes nothing, and is audited as such.
      expect((await admin('DELETE', `/admin/users/${carol.id}/factors`)).body).toEqual({
        count: 0,
        removed: { totp: 0, 'recovery-code': 0, passkey: 0, 'fake-otp': 0, 'fake-key': 0 },
      });
    });

    it('answers 404 for an unknown user and 401 without admin credentials', async () => {
      const nobody = '00000000-0000-4000-8000-000000000000';
      expect((await admin('GET', `/admin/users/${nobody}/factors`)).status).toBe(404);
      expect((await admin('DELETE', `/admin/users/${nobody}/factors`)).status).toBe(404);
      expect((await admin('DELETE', `/admin/users/${alice.id}/factors`, undefined, {} as never)).status).toBe(401);
      expect((await admin('GET', `/admin/users/${alice.id}/factors`, undefined, {} as never)).status).toBe(401);
    });

    it('shows the factors on the console’s user page, and resets them there after a confirmation', async () => {
      const dave = await createUser(t, { username: 'dave' });
      codes.enrolments.set(dave.id, 1);
      const jar = await consoleJar();
      const userUrl = `${t.url}/admin/console/users/${dave.id}`;
      const page = await (await jar.fetch(userUrl)).text();
      expect(page).toContain('<code>fake-otp</code>');
      expect(page).toContain(`/admin/console/users/${dave.id}/factors/reset`);

      const confirm = await (await jar.fetch(`${userUrl}/factors/reset`)).text();
      expect(confirm).toContain('Reset the second factors of dave?');
      const csrf = csrfOf(confirm);
      // Without the confirmation, the confirmation page again; without CSRF, nothing.
      expect((await jar.post(`${userUrl}/factors/reset`, { _csrf: csrf })).status).toBe(200);
      expect((await jar.post(`${userUrl}/factors/reset`, { confirmed: 'yes' })).status).toBe(403);
      expect(codes.enrolments.get(dave.id)).toBe(1);

      const done = await jar.post(`${userUrl}/factors/reset`, { _csrf: csrf, confirmed: 'yes' });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toContain('notice=factors-reset');
      expect(codes.enrolments.has(dave.id)).toBe(false);
      const after = await (await jar.fetch(userUrl)).text();
      expect(after).toContain('None set up');
      expect(after).not.toContain('<code>fake-otp</code>');
    });
  });

  describe('acr, amr and auth_time', () => {
    it('are announced in discovery', async () => {
      const doc = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as {
        acr_values_supported: string[];
        claims_supported: string[];
      };
      expect(doc.acr_values_supported).toEqual(['1', '2', '3']);
      expect(doc.claims_supported).toEqual(expect.arrayContaining(['acr', 'amr', 'auth_time']));
    });

    it('go in every ID token, and introspection reports acr and auth_time of access and refresh tokens', async () => {
      const res = await passwordGrant(rp, 'alice');
      expect(res.status).toBe(200);
      const idToken = decodeJwt(res.body.id_token as string);
      expect(idToken).toMatchObject({ acr: '1', amr: ['pwd'], auth_time: expect.any(Number) });

      const [grant] = await t.dataSource.query('SELECT id, auth_time FROM grants WHERE id = $1', [
        (await tokenRow(t, hashToken(res.body.access_token as string)))!.grant_id,
      ]);
      const authTime = Math.floor(new Date(grant.auth_time).getTime() / 1000);
      expect(idToken.auth_time).toBe(authTime);
      for (const token of [res.body.access_token, res.body.refresh_token] as string[]) {
        expect((await introspect(token)).body).toMatchObject({ active: true, acr: '1', auth_time: authTime });
      }

      // A second factor proved for the grant's sign-in shows at once, and in the next ID token.
      await t.dataSource.query(`UPDATE grants SET amr = '{pwd,otp,mfa}' WHERE id = $1`, [grant.id]);
      expect((await introspect(res.body.access_token as string)).body.acr).toBe('2');
      const refreshed = await postToken(
        t,
        { grant_type: 'refresh_token', refresh_token: res.body.refresh_token as string },
        { authorization: basicAuth(rp.clientId, rp.clientSecret) },
      );
      expect(decodeJwt(refreshed.body.id_token as string)).toMatchObject({ acr: '2', amr: ['pwd', 'otp', 'mfa'] });
    });

    it('reports in the ID token the first requested acr the sign-in meets (OIDC Core §5.5.1.1)', async () => {
      const res = await passwordGrant(rp, 'alice');
      const grantId = (await tokenRow(t, hashToken(res.body.access_token as string)))!.grant_id;
      let refreshToken = res.body.refresh_token as string;
      const acrAfterRefresh = async (claims: unknown) => {
        await t.dataSource.query(`UPDATE grants SET amr = '{pwd,otp,mfa}', claims = $2 WHERE id = $1`, [
          grantId,
          JSON.stringify(claims),
        ]);
        const refreshed = await postToken(
          t,
          { grant_type: 'refresh_token', refresh_token: refreshToken },
          { authorization: basicAuth(rp.clientId, rp.clientSecret) },
        );
        expect(refreshed.status).toBe(200);
        refreshToken = refreshed.body.refresh_token as string;
        return decodeJwt(refreshed.body.id_token as string).acr;
      };
      expect(await acrAfterRefresh({ id_token: { acr: { values: ['1', '2'] } } })).toBe('1');
      expect(await acrAfterRefresh({ id_token: { acr: { values: ['3', '2'] } } })).toBe('2');
      expect(await acrAfterRefresh({ id_token: { acr: { essential: true, value: '3' } } })).toBe('2');
      // Introspection tells a resource server the level reached, whatever the client asked.
      expect((await introspect(res.body.access_token as string)).body.acr).toBe('2');
    });

    it('are left out of introspection when nobody signed in (client credentials)', async () => {
      const res = await postToken(
        t,
        { grant_type: 'client_credentials' },
        { authorization: basicAuth(rp.clientId, rp.clientSecret) },
      );
      const body = (await introspect(res.body.access_token as string)).body;
      expect(body.active).toBe(true);
      expect(body).not.toHaveProperty('acr');
      expect(body).not.toHaveProperty('auth_time');
    });

    it('are reported for JWT access tokens too, read from their grant', async () => {
      const jwtRp = await createClient(t, {
        grantTypes: ['password'],
        redirectUris: [],
        allowedScopes: ['openid'],
        accessTokenFormat: 'jwt',
      });
      const res = await passwordGrant(jwtRp, 'alice', PASSWORD, 'openid');
      const claims = decodeJwt(res.body.access_token as string);
      expect((await introspect(res.body.access_token as string, jwtRp)).body).toMatchObject({
        active: true,
        acr: '1',
        auth_time: claims.auth_time,
      });
    });
  });
});
