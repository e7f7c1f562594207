import { mustUseSecondFactor, secondFactorRule, type SecondFactorRuleFacts } from './second-factor-requirement';

const facts = (over: Partial<SecondFactorRuleFacts> = {}): SecondFactorRuleFacts => ({
  clientRequiresMfa: false,
  mfaRequired: 'off',
  userRoles: () => Promise.resolve([]),
  ...over,
});

describe('secondFactorRule', () => {
  it('asks nothing by default, even of an admin', async () => {
    expect(await mustUseSecondFactor(facts({ userRoles: () => Promise.resolve(['admin']) }))).toBe(false);
  });

  it('asks every user of a client with require_mfa, and everybody under mfa_required all', async () => {
    expect(await secondFactorRule(facts({ clientRequiresMfa: true }))).toBe('client');
    expect(await secondFactorRule(facts({ mfaRequired: 'all' }))).toBe('all-users');
  });

  it('asks holders of the global admin role under mfa_required admins, and reads roles only then', async () => {
    const userRoles = jest.fn(() => Promise.resolve(['staff', 'admin']));
    expect(await secondFactorRule(facts({ mfaRequired: 'admins', userRoles }))).toBe('admins');
    expect(await mustUseSecondFactor(facts({ mfaRequired: 'admins' }))).toBe(false);
    expect(
      await mustUseSecondFactor(facts({ mfaRequired: 'admins', userRoles: () => Promise.resolve(['Admin']) })),
    ).toBe(false);
    userRoles.mockClear();
    await secondFactorRule(facts({ mfaRequired: 'all', userRoles }));
    await secondFactorRule(facts({ clientRequiresMfa: true, mfaRequired: 'admins', userRoles }));
    expect(userRoles).not.toHaveBeenCalled();
  });
});
