import { argon2id, hash } from 'argon2';
import { basicAuth, postToken } from './support/token-requests';
import { PASSWORD, startHardeningApp, USERNAME, type HardeningApp } from './hardening/support/hardening-app';

/** A hash made with older, cheaper parameters is remade with today's at the user's next sign-in. */
describe('password hash upgrade at sign-in', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp();
  });
  afterAll(() => t?.close());

  const storedHash = async (): Promise<string> =>
    (await t.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [t.userId]))[0].password_hash;
  const signIn = () =>
    postToken(
      t,
      { grant_type: 'password', username: USERNAME, password: PASSWORD, scope: 'openid' },
      { authorization: basicAuth(t.web.clientId, t.web.clientSecret) },
    );

  it('signs the user in with the old hash and stores one with the OWASP parameters', async () => {
    const old = await hash(PASSWORD, { type: argon2id, memoryCost: 4096, timeCost: 3, parallelism: 1 });
    await t.dataSource.query('UPDATE users SET password_hash = $2 WHERE id = $1', [t.userId, old]);

    expect((await signIn()).status).toBe(200);
    const upgraded = await storedHash();
    expect(upgraded).not.toBe(old);
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    // The new hash checks the same password.
    expect((await signIn()).status).toBe(200);
    expect(await storedHash()).toBe(upgraded);
  });
});
