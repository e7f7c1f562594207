import { FederationError } from '../federation.error';
import { assertValidProviderId, assertValidSettings } from './upstream-provider-input.validation';

describe('upstream provider settings', () => {
  it('takes ids that can stand in a URL', () => {
    expect(() => assertValidProviderId('corporate-sso')).not.toThrow();
    for (const id of ['', 'Corp', '-x', 'a b', 'a/b', 'x'.repeat(64)])
      expect(() => assertValidProviderId(id)).toThrow(FederationError);
  });

  it('requires the openid scope', () => {
    expect(() => assertValidSettings({ scopes: ['openid', 'email'] })).not.toThrow();
    expect(() => assertValidSettings({ scopes: ['email'] })).toThrow(/openid/);
    expect(() => assertValidSettings({ scopes: ['openid', 'a"b'] })).toThrow(/scope tokens/);
  });

  it('refuses insecure issuers', () => {
    expect(() => assertValidSettings({ issuer: 'http://idp.example.com' })).toThrow(/https/);
  });

  it('maps only known fields, to claim names', () => {
    expect(() => assertValidSettings({ claimMapping: { username: 'upn', email: undefined } })).not.toThrow();
    expect(() => assertValidSettings({ claimMapping: { password: 'x' } as never })).toThrow(/not a mappable field/);
    expect(() => assertValidSettings({ claimMapping: { email: 'a b' } })).toThrow(/claim name/);
  });

  it('tells an empty secret from none', () => {
    expect(() => assertValidSettings({ clientSecret: null })).not.toThrow();
    expect(() => assertValidSettings({ clientSecret: '' })).toThrow(/null makes the client public/);
  });
});
