import { BACKCHANNEL_LOGOUT_EVENT, LOGOUT_TOKEN_LIFETIME_SECONDS, logoutTokenClaims } from './logout-token';

describe('logout token claims (OIDC Back-Channel Logout 1.0 §2.4)', () => {
  const subject = { clientId: 'rp', sid: 'session-1', sub: 'user-1' };

  it('names the client, the session and the user, with the logout event and a short life', () => {
    const claims = logoutTokenClaims(subject, 1000);
    expect(claims).toMatchObject({
      aud: 'rp',
      sid: 'session-1',
      sub: 'user-1',
      iat: 1000,
      exp: 1000 + LOGOUT_TOKEN_LIFETIME_SECONDS,
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    });
    expect(LOGOUT_TOKEN_LIFETIME_SECONDS).toBeLessThanOrEqual(300);
  });

  it('never carries a nonce and has a new jti each time', () => {
    const a = logoutTokenClaims(subject);
    const b = logoutTokenClaims(subject);
    expect(a).not.toHaveProperty('nonce');
    expect(typeof a.jti).toBe('string');
    expect(a.jti).not.toBe(b.jti);
  });
});
