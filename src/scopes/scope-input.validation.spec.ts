import { assertValidScopeFields, assertValidScopeName } from './scope-input.validation';
import { ScopesErrorCode } from './scopes.error';

describe('scope validation', () => {
  it.each(['openid', 'api:read', 'https://api.example.com/orders.write', 'a!#$%&()*+,-./:;<=>?@[]^_`{|}~'])(
    'accepts the scope token %s',
    (name) => expect(() => assertValidScopeName(name)).not.toThrow(),
  );

  it.each(['', 'two words', 'say"hi"', 'back\\slash', 'tab\there', 'é', 'x'.repeat(129)])(
    'refuses the scope name %j',
    (name) =>
      expect(() => assertValidScopeName(name)).toThrow(expect.objectContaining({ code: ScopesErrorCode.InvalidScope })),
  );

  it('refuses claims that are not claim names', () => {
    expect(() => assertValidScopeFields({ claims: ['email', 'given name'] })).toThrow(/claim names/);
    expect(() => assertValidScopeFields({ claims: ['email', 'https://example.com/roles'] })).not.toThrow();
  });
});
