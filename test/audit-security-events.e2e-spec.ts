import { startTestApp, TestApp } from './support/test-app';
import { basicAuth, createClient, createUser, issueCode, postToken } from './support/token-requests';
import { eventually } from './support/eventually';
import { signInOverHttp } from './support/http-sign-in';

/** What the protocol endpoints observe lands in audit_events, for operators to act on. */
describe('security events in the audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const events = (type: string): Promise<{ actor: string; subject: string; details: Record<string, unknown> }[]> =>
    t.dataSource.query('SELECT actor, subject, details FROM audit_events WHERE type = $1', [type]);

  it('records a failed client authentication without the secret', async () => {
    const rp = await createClient(t, { grantTypes: ['client_credentials'], redirectUris: [] });
    const res = await postToken(
      t,
      { grant_type: 'client_credentials' },
      { authorization: basicAuth(rp.clientId, 'wrong-secret') },
    );
    expect(res.status).toBe(401);
    await eventually(async () => expect((await events('security.client_auth_failed')).length).toBeGreaterThan(0));
    expect(JSON.stringify(await events('security.client_auth_failed'))).not.toContain('wrong-secret');
  });

  it('records a failure whatever text the attacker chose: a lone surrogate in a JOSE header does not keep it out', async () => {
    const rp = await createClient(t, {
      grantTypes: ['client_credentials'],
      redirectUris: [],
      tokenEndpointAuthMethod: 'client_secret_jwt',
    });
    const b64 = (json: string) => Buffer.from(json).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = JSON.stringify({ iss: rp.clientId, sub: rp.clientId, aud: t.url, jti: 'j1', exp: now + 60 });
    const before = (await events('security.client_auth_failed')).length;
    const res = await postToken(t, {
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      // JSON.parse makes "\ud800" a lone surrogate, which jsonb refuses.
      client_assertion: `${b64('{"alg":"\\ud800"}')}.${b64(payload)}.c2ln`,
    });
    expect(res.status).toBe(401);
    await eventually(async () => expect((await events('security.client_auth_failed')).length).toBe(before + 1));
    const [latest] = await t.dataSource.query(
      `SELECT details->>'reason' AS reason FROM audit_events WHERE type = 'security.client_auth_failed'
        ORDER BY occurred_at DESC LIMIT 1`,
    );
    expect(latest.reason).toContain('\ufffd');
  });

  it('records failed logins and the lockout that follows, never the password', async () => {
    const rp = await createClient(t, { grantTypes: ['password'], redirectUris: [], allowedScopes: ['openid'] });
    const user = await createUser(t);
    for (let i = 0; i < 6; i++) {
      await postToken(
        t,
        { grant_type: 'password', username: user.username, password: 'not-the-password' },
        { authorization: basicAuth(rp.clientId, rp.clientSecret) },
      );
    }
    await eventually(async () => expect((await events('security.login_failed')).length).toBe(5));
    await eventually(async () => expect((await events('security.lockout')).length).toBeGreaterThan(0));
    const all = JSON.stringify([...(await events('security.login_failed')), ...(await events('security.lockout'))]);
    expect(all).toContain(`user:${user.username}`);
    expect(all).not.toContain('not-the-password');
  });

  it('records refresh token reuse and code replay against the grant', async () => {
    const rp = await createClient(t, {
      grantTypes: ['authorization_code', 'refresh_token'],
      allowedScopes: ['openid', 'offline_access'],
    });
    const user = await createUser(t);
    const { code, grantId } = await issueCode(t, {
      clientId: rp.clientId,
      userId: user.id,
      scope: ['openid', 'offline_access'],
      redirectUri: 'https://rp.example.com/cb',
    });
    const auth = { authorization: basicAuth(rp.clientId, rp.clientSecret) };
    const tokens = await postToken(
      t,
      { grant_type: 'authorization_code', code, redirect_uri: 'https://rp.example.com/cb' },
      auth,
    );
    expect(tokens.status).toBe(200);
    const refresh = tokens.body.refresh_token as string;
    expect((await postToken(t, { grant_type: 'refresh_token', refresh_token: refresh }, auth)).status).toBe(200);
    expect((await postToken(t, { grant_type: 'refresh_token', refresh_token: refresh }, auth)).status).toBe(400);
    await eventually(async () =>
      expect(await events('security.refresh_reuse')).toEqual([expect.objectContaining({ subject: grantId })]),
    );

    expect(
      (await postToken(t, { grant_type: 'authorization_code', code, redirect_uri: 'https://rp.example.com/cb' }, auth))
        .status,
    ).toBe(400);
    await eventually(async () =>
      expect(await events('security.code_replay')).toEqual([expect.objectContaining({ subject: grantId })]),
    );
  });

  it('records a sign-in and the consent given on the page (security.login_succeeded, account.consent_granted)', async () => {
    const redirectUri = 'https://rp.example.com/cb';
    const rp = await createClient(t, { allowedScopes: ['openid', 'email'], redirectUris: [redirectUri] });
    const user = await createUser(t, { username: 'consenting', password: 'a fine long passphrase' });
    const authorize = new URL(`${t.url}/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      client_id: rp.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    await signInOverHttp(authorize, redirectUri, 'consenting', 'a fine long passphrase');

    const signedIn = (await events('security.login_succeeded')).filter((e) => e.subject === user.id);
    expect(signedIn).toEqual([
      { actor: `user:${user.id}`, subject: user.id, details: { amr: ['pwd'], sid: expect.any(String) } },
    ]);
    const consented = (await events('account.consent_granted')).filter((e) => e.subject === user.id);
    expect(consented).toEqual([
      {
        actor: `user:${user.id}`,
        subject: user.id,
        details: { client_id: rp.clientId, scope: ['openid', 'email'], claims: [] },
      },
    ]);
    expect(JSON.stringify([...signedIn, ...consented])).not.toContain('a fine long passphrase');
  });
});
