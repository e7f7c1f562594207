import { requestedClaimNames } from './claims-request';

describe('requestedClaimNames', () => {
  it('names the claims requested for one member', () => {
    const claims = { userinfo: { email: null, given_name: { essential: true } }, id_token: { auth_time: null } };
    expect(requestedClaimNames(claims, 'userinfo')).toEqual(['email', 'given_name']);
    expect(requestedClaimNames(claims, 'id_token')).toEqual(['auth_time']);
  });

  it('requests nothing when the parameter is absent or malformed', () => {
    expect(requestedClaimNames(null, 'userinfo')).toEqual([]);
    expect(requestedClaimNames({}, 'id_token')).toEqual([]);
    expect(requestedClaimNames({ userinfo: ['email'] as unknown as Record<string, unknown> }, 'userinfo')).toEqual([]);
  });
});
