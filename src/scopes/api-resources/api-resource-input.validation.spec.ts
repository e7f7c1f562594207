import { assertValidApiResourceFields, assertValidIdentifier } from './api-resource-input.validation';
import { ApiResourcesErrorCode } from './api-resources.error';

const invalid = expect.objectContaining({ code: ApiResourcesErrorCode.InvalidApiResource });

describe('API resource validation', () => {
  it.each([
    'https://api.example.com/',
    'https://api.example.com/orders?v=2',
    'urn:example:orders',
    'http://127.0.0.1:8080',
  ])('accepts the identifier %s', (identifier) => expect(() => assertValidIdentifier(identifier)).not.toThrow());

  it.each([
    '',
    'orders',
    '/orders',
    'https://api.example.com/#top',
    ' https://api.example.com/',
    'https://a b.com/',
    7,
  ])('refuses the identifier %j (RFC 8707 §2: absolute, no fragment)', (identifier) =>
    expect(() => assertValidIdentifier(identifier)).toThrow(invalid),
  );

  it('refuses this server’s own scopes, a blank name and lifetimes out of range', () => {
    expect(() => assertValidApiResourceFields({ scopes: ['orders:read', 'openid'] })).toThrow(
      /openid belongs to this server/,
    );
    expect(() => assertValidApiResourceFields({ displayName: '  ' })).toThrow(/display_name/);
    expect(() => assertValidApiResourceFields({ accessTokenTtl: 0 })).toThrow(/access_token_ttl/);
    expect(() => assertValidApiResourceFields({ accessTokenTtl: 1.5 })).toThrow(/access_token_ttl/);
    expect(() => assertValidApiResourceFields({ accessTokenFormat: 'paseto' as never })).toThrow(/access_token_format/);
  });

  it('accepts null settings: the client’s format and lifetime, no introspection', () => {
    expect(() =>
      assertValidApiResourceFields({ accessTokenFormat: null, accessTokenTtl: null, introspectionClientId: null }),
    ).not.toThrow();
  });
});
