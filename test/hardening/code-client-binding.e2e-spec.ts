import * as oidc from 'openid-client';
import type { User } from '../../src/users/user.entity';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  basicAuth,
  createClient,
  createUser,
  getUserinfo,
  issueCode,
  postToken,
  relyingParty,
  type RegisteredClient,
} from '../support/token-requests';

const REDIRECT_URI = 'https://rp.example.com/cb';

/**
 * Security review #14, item 6. RFC 6749 §4.1.3: the token endpoint must ensure the code was
 * issued to the authenticated client. A code presented by another client is refused without
 * being spent, so a client holding a stolen code can neither burn it nor, by "replaying" it,
 * revoke the grant of the client it belongs to.
 */
describe('authorization codes are bound to their client', () => {
  let t: TestApp;
  let alice: User;
  /** The client the code is issued to. */
  let owner: RegisteredClient;
  /** Another confidential client of the same server, holding the owner's code. */
  let intruder: RegisteredClient;

  const presentAs = (client: RegisteredClient, code: string) =>
    postToken(
      t,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
  /** The owner redeems its code the way a certified RP library does. */
  const redeemAsOwner = async (code: string) =>
    oidc.authorizationCodeGrant(
      await relyingParty(t, owner),
      new URL(`${REDIRECT_URI}?code=${code}&iss=${encodeURIComponent(t.url)}`),
      { idTokenExpected: true },
    );

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t, { username: 'alice' });
    owner = await createClient(t, { redirectUris: [REDIRECT_URI], allowedScopes: ['openid', 'profile'] });
    intruder = await createClient(t, { redirectUris: [REDIRECT_URI], allowedScopes: ['openid', 'profile'] });
  });
  afterAll(() => t.close());

  it('refuses another client’s code with invalid_grant and leaves it redeemable by its own client', async () => {
    const { code } = await issueCode(t, { clientId: owner.clientId, userId: alice.id, scope: ['openid', 'profile'] });

    const stolen = await presentAs(intruder, code);
    expect(stolen.status).toBe(400);
    expect(stolen.body).toEqual({
      error: 'invalid_grant',
      error_description: 'the authorization code was issued to another client',
    });

    const tokens = await redeemAsOwner(code);
    expect(tokens.claims()!.sub).toBe(alice.id);
    expect((await getUserinfo(t, tokens.access_token)).status).toBe(200);
  });

  it('does not revoke the owner’s grant when another client presents its code after it was used', async () => {
    const { code } = await issueCode(t, { clientId: owner.clientId, userId: alice.id, scope: ['openid'] });
    const tokens = await redeemAsOwner(code);

    const replayedByIntruder = await presentAs(intruder, code);
    expect(replayedByIntruder.status).toBe(400);
    expect(replayedByIntruder.body.error).toBe('invalid_grant');
    // Only the client the code was issued to can make it count as replayed (RFC 6749 §4.1.2).
    expect((await getUserinfo(t, tokens.access_token)).status).toBe(200);

    const replayedByOwner = await presentAs(owner, code);
    expect(replayedByOwner.body.error_description).toMatch(/already used/);
    expect((await getUserinfo(t, tokens.access_token)).status).toBe(401);
  });
});
