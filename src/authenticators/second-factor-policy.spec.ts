import { mustUseSecondFactor, secondFactorReason } from './second-factor-policy';

const client = (requireMfa = false) => ({ requireMfa });
const settings = (mfaRequired: 'off' | 'all' | 'admins' = 'off') => ({ mfaRequired });

describe('mustUseSecondFactor', () => {
  it('asks nothing of anyone by default', () => {
    expect(mustUseSecondFactor({ client: client(), settings: settings(), userRoles: ['admin'] })).toBe(false);
  });

  it('asks every user of a client with require_mfa', () => {
    expect(secondFactorReason({ client: client(true), settings: settings(), userRoles: [] })).toBe('client');
  });

  it('asks every user when mfa_required is all', () => {
    expect(secondFactorReason({ client: client(), settings: settings('all'), userRoles: [] })).toBe('all-users');
  });

  it('asks only holders of the admin role when mfa_required is admins', () => {
    expect(secondFactorReason({ client: client(), settings: settings('admins'), userRoles: ['admin'] })).toBe('admins');
    expect(mustUseSecondFactor({ client: client(), settings: settings('admins'), userRoles: ['staff'] })).toBe(false);
    // The server role, spelled exactly: an application role named Admin is not it.
    expect(mustUseSecondFactor({ client: client(), settings: settings('admins'), userRoles: ['Admin'] })).toBe(false);
  });
});
