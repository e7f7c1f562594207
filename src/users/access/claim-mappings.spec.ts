import type { User } from '../user.entity';
import { AccessError } from './access.error';
import { applicableMappings, assertValidClaimMappings, mappedClaims, type ClaimMapping } from './claim-mappings';

const valid =
  (mappings: unknown, taken: string[] = ['groups', 'roles']) =>
  () =>
    assertValidClaimMappings(mappings, taken);

describe('claim mappings', () => {
  it('accepts attributes behind a scope and constants', () => {
    expect(
      valid([
        { claim: 'tenant', value: 'acme', targets: ['id_token'] },
        { claim: 'login', attribute: 'username', scope: 'profile', targets: ['userinfo', 'access_token'] },
        { claim: 'teams', value: ['a', 'b'], targets: ['introspection'] },
      ]),
    ).not.toThrow();
  });

  it.each([
    [[{ claim: 'sub', value: 'x', targets: ['id_token'] }], /meaning of its own/],
    [[{ claim: 'groups', value: 'x', targets: ['id_token'] }], /released already/],
    [[{ claim: 'login', attribute: 'username', targets: ['id_token'] }], /needs the scope/],
    [[{ claim: 'x', attribute: 'password_hash', scope: 'profile', targets: ['id_token'] }], /attribute must be/],
    [[{ claim: 'x', value: { $where: 'code()' }, targets: ['id_token'] }], /value must be/],
    [[{ claim: 'x', value: 'a', attribute: 'email', scope: 'email', targets: ['id_token'] }], /not both/],
    [[{ claim: 'x', value: 'a', targets: ['cookie'] }], /targets/],
    [[{ claim: 'x', value: 'a', targets: ['id_token'], script: 'return 1' }], /unknown field script/],
    [
      [
        { claim: 'a', value: 1, targets: ['id_token'] },
        { claim: 'a', value: 2, targets: ['id_token'] },
      ],
      /released already/,
    ],
  ])('refuses %j', (mappings, message) => {
    expect(valid(mappings)).toThrow(AccessError);
    expect(valid(mappings)).toThrow(message);
  });

  it('applies the rules of the target whose scope was granted, leaving out empty attributes', () => {
    const rules: ClaimMapping[] = [
      { claim: 'tenant', value: 'acme', targets: ['id_token'] },
      { claim: 'login', attribute: 'username', scope: 'profile', targets: ['id_token'] },
      { claim: 'phone', attribute: 'phone_number', scope: 'profile', targets: ['id_token'] },
      { claim: 'mail', attribute: 'email', scope: 'email', targets: ['userinfo'] },
    ];
    expect(applicableMappings(rules, ['openid'], 'id_token').map((m) => m.claim)).toEqual(['tenant']);
    const applicable = applicableMappings(rules, ['openid', 'profile'], 'id_token');
    const user = { username: 'alice', phoneNumber: null } as User;
    expect(mappedClaims(applicable, user)).toEqual({ tenant: 'acme', login: 'alice' });
  });
});
