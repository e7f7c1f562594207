import { decodeJwt } from 'jose';
import { UsersService } from '../src/users/users.service';
import type { User } from '../src/users/user.entity';
import { hashToken } from '../src/token/opaque-token';
import {
  basicAuth,
  createClient,
  createUser,
  postToken,
  tokenRow,
  verifyWithJwks,
  type RegisteredClient,
} from './support/token-requests';
import { startTestApp, TestApp } from './support/test-app';

const PASSWORD = 'correct horse battery';

describe('token endpoint: password', () => {
  let t: TestApp;
  let client: RegisteredClient;
  let alice: User;
  const passwordGrant = (params: Record<string, string>, as: RegisteredClient = client) =>
    postToken(t, { grant_type: 'password', ...params }, { authorization: basicAuth(as.clientId, as.clientSecret) });

  beforeAll(async () => {
    t = await startTestApp();
    client = await createClient(t, {
      grantTypes: ['password', 'refresh_token'],
      redirectUris: [],
      allowedScopes: ['openid', 'profile', 'email', 'offline_access'],
      defaultScopes: ['openid', 'profile'],
    });
    alice = await createUser(t, { username: 'alice', email: 'alice@example.com', givenName: 'Alice' });
  });
  afterAll(() => t.close());

  it('signs the user in and issues access, refresh and ID tokens tied to a new grant', async () => {
    const res = await passwordGrant({ username: 'alice', password: PASSWORD, scope: 'openid email offline_access' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', scope: 'openid email offline_access', expires_in: 3600 });
    const accessRow = await tokenRow(t, hashToken(res.body.access_token as string));
    const refreshRow = await tokenRow(t, hashToken(res.body.refresh_token as string));
    expect(accessRow).toMatchObject({ kind: 'access_token', user_id: alice.id, client_id: client.clientId });
    expect(refreshRow).toMatchObject({ kind: 'refresh_token', user_id: alice.id, grant_id: accessRow!.grant_id });
    const [grant] = await t.dataSource.query('SELECT * FROM grants WHERE id = $1', [accessRow!.grant_id]);
    expect(grant).toMatchObject({ client_id: client.clientId, user_id: alice.id, amr: ['pwd'], revoked_at: null });
    expect(grant.scope).toEqual(['openid', 'email', 'offline_access']);
    // The refresh chain ends REFRESH_TOKEN_ABSOLUTE_TTL after sign-in at the latest.
    expect(new Date(refreshRow!.expires_at as string).getTime()).toBeLessThanOrEqual(
      new Date(grant.expires_at).getTime(),
    );

    const { payload } = await verifyWithJwks(t, res.body.id_token as string, { audience: client.clientId });
    expect(payload).toMatchObject({ sub: alice.id, azp: client.clientId, amr: ['pwd'] });
    expect(payload.auth_time).toBe(Math.floor(new Date(grant.auth_time).getTime() / 1000));
    expect(typeof payload.at_hash).toBe('string');
    // The granted scopes' claims are in the ID Token too (ID_TOKEN_SCOPE_CLAIMS=always, the default).
    expect(payload.email).toBe('alice@example.com');
    expect(payload.nonce).toBeUndefined();
  });

  it('grants the client default scopes when none is requested, and no refresh token without offline_access', async () => {
    const res = await passwordGrant({ username: 'alice@example.com', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('openid profile');
    expect(res.body.refresh_token).toBeUndefined();
    expect(decodeJwt(res.body.id_token as string).sub).toBe(alice.id);
  });

  it('issues no ID token without openid', async () => {
    const res = await passwordGrant({ username: 'alice', password: PASSWORD, scope: 'email' });
    expect(res.status).toBe(200);
    expect(res.body.id_token).toBeUndefined();
  });

  it('issues no refresh token to a client not registered for the refresh_token grant', async () => {
    const noRefresh = await createClient(t, {
      grantTypes: ['password'],
      redirectUris: [],
      allowedScopes: ['openid', 'offline_access'],
    });
    const res = await passwordGrant(
      { username: 'alice', password: PASSWORD, scope: 'openid offline_access' },
      noRefresh,
    );
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
  });

  it('answers a wrong password and an unknown user alike, with invalid_grant', async () => {
    const wrong = await passwordGrant({ username: 'alice', password: 'not the password' });
    const unknown = await passwordGrant({ username: 'nobody', password: PASSWORD });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'invalid username or password' });
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('refuses a disabled user with invalid_grant', async () => {
    const bob = await createUser(t, { username: 'bob' });
    await t.app.get(UsersService).setDisabled(bob.id, true);
    const res = await passwordGrant({ username: 'bob', password: PASSWORD });
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'invalid username or password' });
  });

  it('locks this address out of the account after 5 failures, even for the right password, saying when to retry', async () => {
    await createUser(t, { username: 'carol' });
    for (let i = 0; i < 5; i++) {
      expect((await passwordGrant({ username: 'carol', password: `wrong ${i}` })).body.error).toBe('invalid_grant');
    }
    const res = await passwordGrant({ username: 'carol', password: PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
    expect(res.body.error_description).toMatch(/temporarily locked.*try again in \d+ seconds/);
    // Other accounts are not affected.
    expect((await passwordGrant({ username: 'alice', password: PASSWORD })).status).toBe(200);
  });

  it('refuses a client not registered for the password grant with unauthorized_client', async () => {
    const web = await createClient(t, { grantTypes: ['authorization_code'] });
    const res = await passwordGrant({ username: 'alice', password: PASSWORD }, web);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unauthorized_client');
  });

  it('requires username and password (invalid_request)', async () => {
    const res = await passwordGrant({ username: 'alice' });
    expect(res.body).toEqual({ error: 'invalid_request', error_description: 'password is required' });
  });

  it('narrows a scope the client may not ask for and says so in scope; refuses when nothing is allowed', async () => {
    const narrowed = await passwordGrant({ username: 'alice', password: PASSWORD, scope: 'openid phone' });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.scope).toBe('openid');
    expect((await passwordGrant({ username: 'alice', password: PASSWORD, scope: 'phone' })).body.error).toBe(
      'invalid_scope',
    );
  });
});
