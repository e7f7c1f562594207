import { requestedAcrValues, requestedClaimNames } from './claims-request';

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

describe('requestedAcrValues', () => {
  it('reads values, then value, of the acr requested for the ID token, in order', () => {
    expect(requestedAcrValues({ id_token: { acr: { values: ['3', '2'] } } })).toEqual(['3', '2']);
    expect(requestedAcrValues({ id_token: { acr: { essential: true, value: '2' } } })).toEqual(['2']);
  });

  it('is empty when acr is not requested with values, or malformed', () => {
    expect(requestedAcrValues(null)).toEqual([]);
    expect(requestedAcrValues({ id_token: { acr: null } })).toEqual([]);
    expect(requestedAcrValues({ userinfo: { acr: { values: ['2'] } } })).toEqual([]);
    expect(requestedAcrValues({ id_token: { acr: { values: '2' } } })).toEqual([]);
    expect(requestedAcrValues({ id_token: { acr: { values: [2, '1'] } } })).toEqual(['1']);
  });
});
