import type { IntrospectedToken } from './introspected-token';
import { activeTokenIntrospection, INACTIVE } from './introspection-response';

const ISSUER = 'https://op.example.com';
const base: IntrospectedToken = {
  kind: 'access_token',
  clientId: 'rp',
  userId: '3f1c8a52-6f1e-4b7e-9d7a-1c2b3d4e5f60',
  username: 'alice',
  scope: ['openid', 'profile'],
  audience: [],
  issuedAt: new Date('2030-01-01T00:00:00.900Z'),
  expiresAt: new Date('2030-01-01T01:00:00Z'),
  dpopJkt: null,
  authTime: null,
  amr: [],
};

describe('activeTokenIntrospection', () => {
  it('shows a DPoP-bound access token as token_type DPoP with cnf.jkt (RFC 9449 §6.2)', () => {
    const jkt = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
    expect(activeTokenIntrospection({ ...base, dpopJkt: jkt }, ISSUER)).toMatchObject({
      token_type: 'DPoP',
      cnf: { jkt },
    });
    expect(activeTokenIntrospection(base, ISSUER)).not.toHaveProperty('cnf');
  });

  it('describes a user access token as RFC 7662 §2.2 fields, in seconds, with the issuer as audience', () => {
    expect(activeTokenIntrospection(base, ISSUER)).toEqual({
      active: true,
      scope: 'openid profile',
      client_id: 'rp',
      username: 'alice',
      token_type: 'Bearer',
      exp: 1893459600,
      iat: 1893456000,
      nbf: 1893456000,
      sub: base.userId,
      aud: ISSUER,
      iss: ISSUER,
    });
  });

  it('uses the client as sub for client credentials, and keeps a JWT jti and several audiences', () => {
    const res = activeTokenIntrospection(
      { ...base, userId: null, username: null, scope: [], audience: ['a', 'b'], jti: 'j1' },
      ISSUER,
    );
    expect(res).toMatchObject({ sub: 'rp', aud: ['a', 'b'], jti: 'j1' });
    expect(res).not.toHaveProperty('username');
    expect(res).not.toHaveProperty('scope');
  });

  it('reports the level the sign-in reached as acr, and auth_time, for a user signed in (RFC 9470 §6.2)', () => {
    const signedIn = { ...base, authTime: new Date('2029-12-31T23:59:30.400Z') };
    expect(activeTokenIntrospection({ ...signedIn, amr: ['pwd'] }, ISSUER)).toMatchObject({
      acr: '1',
      auth_time: 1893455970,
    });
    expect(activeTokenIntrospection({ ...signedIn, amr: ['pwd', 'otp', 'mfa'] }, ISSUER).acr).toBe('2');
    expect(
      activeTokenIntrospection({ ...signedIn, amr: ['hwk', 'user', 'mfa'], kind: 'refresh_token' }, ISSUER),
    ).toMatchObject({
      acr: '3',
      auth_time: 1893455970,
    });
  });

  it('reports no acr or auth_time without a sign-in behind the token (client credentials, assertions)', () => {
    const res = activeTokenIntrospection({ ...base, userId: null, username: null }, ISSUER);
    expect(res).not.toHaveProperty('acr');
    expect(res).not.toHaveProperty('auth_time');
    // A jwt-bearer grant: a user, but nobody signed in here.
    expect(activeTokenIntrospection(base, ISSUER)).not.toHaveProperty('acr');
  });

  it('gives a refresh token no token_type: that names access token types only (RFC 6749 §7.1)', () => {
    expect(activeTokenIntrospection({ ...base, kind: 'refresh_token' }, ISSUER)).not.toHaveProperty('token_type');
  });
});

describe('INACTIVE', () => {
  it('is active false and nothing else', () => {
    expect(JSON.stringify(INACTIVE)).toBe('{"active":false}');
  });
});
