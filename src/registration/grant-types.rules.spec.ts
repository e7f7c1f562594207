import { assertConsistentGrants, canonicalResponseType } from './grant-types.rules';

const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';

function problem(
  grants: string[],
  responses: string[],
  isPublic = false,
  implicitAccessTokens = false,
): string | undefined {
  try {
    assertConsistentGrants(grants, responses, isPublic, { implicitAccessTokens });
    return undefined;
  } catch (e) {
    return (e as { error: string; errorDescription: string }).error + ': ' + (e as Error).message;
  }
}

describe('grant and response types', () => {
  it.each([
    [['authorization_code'], ['code']],
    [['authorization_code'], ['code', 'none']],
    [['authorization_code', 'refresh_token'], ['code']],
    [['implicit'], ['id_token']],
    [['authorization_code', 'implicit'], ['code id_token']],
    [['client_credentials'], []],
    [[DEVICE_CODE, 'refresh_token'], []],
  ])('accepts %j with %j', (grants, responses) => {
    expect(problem(grants, responses)).toBeUndefined();
  });

  it.each([
    ['no grant', [], [], /at least one/],
    ['the password grant', ['password'], [], /the password grant is not available to dynamically registered/],
    ['the jwt-bearer grant', ['urn:ietf:params:oauth:grant-type:jwt-bearer'], [], /not available/],
    ['an unknown grant', ['urn:example:magic'], [], /not supported/],
    ['code without its grant', ['client_credentials'], ['code'], /need grant_types authorization_code/],
    [
      'authorization_code without code',
      ['authorization_code'],
      [],
      /authorization_code needs a response_types value among code/,
    ],
    ['id_token without implicit', ['authorization_code'], ['code', 'id_token'], /need grant_types implicit/],
    [
      'implicit without its response types',
      ['implicit', 'authorization_code'],
      ['code'],
      /implicit needs a response_types value/,
    ],
    ['a hybrid response type with one grant', ['authorization_code'], ['code id_token'], /implicit/],
    ['refresh_token alone', ['refresh_token', 'client_credentials'], [], /refresh_token needs/],
  ])('refuses %s', (_what, grants, responses, message) => {
    expect(problem(grants, responses)).toMatch(/^invalid_client_metadata: /);
    expect(problem(grants, responses)).toMatch(message);
  });

  it('refuses response types with an access token unless IMPLICIT_ACCESS_TOKENS is on (RFC 9700 §2.1.2)', () => {
    for (const types of [['token'], ['id_token token'], ['code token'], ['code id_token token']]) {
      const grants = ['authorization_code', 'implicit'];
      const withCode = types[0].includes('code') ? types : [...types, 'code'];
      expect(problem(grants, withCode)).toMatch(/access token from the authorization endpoint/);
      expect(problem(grants, withCode, false, true)).toBeUndefined();
    }
    expect(problem(['implicit', 'authorization_code'], ['code', 'id_token', 'code id_token'])).toBeUndefined();
  });

  it('keeps public clients off client_credentials', () => {
    expect(problem(['client_credentials'], [], true)).toMatch(/confidential/);
  });

  it('orders response types canonically and refuses unknown or repeated words', () => {
    expect(canonicalResponseType('token id_token code')).toBe('code id_token token');
    expect(canonicalResponseType('id_token')).toBe('id_token');
    expect(canonicalResponseType('none')).toBe('none');
    expect(() => canonicalResponseType('code none')).toThrow(/not supported/);
    expect(() => canonicalResponseType('code code')).toThrow(/not supported/);
    expect(() => canonicalResponseType('code  id_token')).toThrow(/not supported/);
  });
});
