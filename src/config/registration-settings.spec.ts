import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvironment } from './environment';
import { AuthorizationConfig } from './authorization.config';
import { loadConfig } from './load-config';
import { RegistrationConfig } from './registration.config';

const load = (env: Record<string, string> = {}) =>
  loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cfg-')), ...env }, () => undefined);

describe('registration and response type settings', () => {
  it('defaults to the standard OpenID scopes, consent once and no access token from the authorization endpoint', () => {
    const config = load();
    expect(config.slice(RegistrationConfig).defaultScopes).toEqual([
      'openid',
      'profile',
      'email',
      'address',
      'phone',
      'offline_access',
    ]);
    expect(config.slice(RegistrationConfig).consentPolicy).toBe('once');
    expect(config.slice(AuthorizationConfig).implicitAccessTokens).toBe(false);
  });

  it('reads what the operator sets', () => {
    const config = load({
      REGISTRATION_DEFAULT_SCOPES: ' openid  email ',
      REGISTRATION_CONSENT_POLICY: 'always',
      IMPLICIT_ACCESS_TOKENS: 'true',
    });
    expect(config.slice(RegistrationConfig).defaultScopes).toEqual(['openid', 'email']);
    expect(config.slice(RegistrationConfig).consentPolicy).toBe('always');
    expect(config.slice(AuthorizationConfig).implicitAccessTokens).toBe(true);
  });

  it('refuses a consent policy that would skip consent for anyone who registers, and a malformed scope list', () => {
    expect(() => validateEnvironment({ REGISTRATION_CONSENT_POLICY: 'skip' })).toThrow(/REGISTRATION_CONSENT_POLICY/);
    expect(() => validateEnvironment({ REGISTRATION_DEFAULT_SCOPES: 'openid "profile"' })).toThrow(
      /REGISTRATION_DEFAULT_SCOPES/,
    );
  });
});
