import {
  assertionAlgsFor,
  CLIENT_ASSERTION_ALGORITHMS,
  CLIENT_SECRET_JWT_ALGORITHMS,
  TOKEN_ENDPOINT_AUTH_SIGNING_ALGS,
} from './client-assertion-algs';

describe('assertionAlgsFor', () => {
  it('gives HMAC algs to client_secret_jwt and asymmetric ones to private_key_jwt (OIDC Core §9)', () => {
    expect(assertionAlgsFor({ tokenEndpointAuthMethod: 'client_secret_jwt', fapi2SecurityProfile: false })).toEqual([
      'HS256',
      'HS384',
      'HS512',
    ]);
    const keys = assertionAlgsFor({ tokenEndpointAuthMethod: 'private_key_jwt', fapi2SecurityProfile: false });
    expect(keys).toEqual(CLIENT_ASSERTION_ALGORITHMS);
    expect(keys.some((alg) => alg.startsWith('HS') || alg === 'none')).toBe(false);
  });

  it('narrows private_key_jwt to PS256 and ES256 under FAPI 2.0 (§5.4)', () => {
    expect(assertionAlgsFor({ tokenEndpointAuthMethod: 'private_key_jwt', fapi2SecurityProfile: true })).toEqual([
      'PS256',
      'ES256',
    ]);
  });

  it('gives none to the methods that send no JWT', () => {
    for (const tokenEndpointAuthMethod of ['client_secret_basic', 'client_secret_post', 'none'] as const)
      expect(assertionAlgsFor({ tokenEndpointAuthMethod, fapi2SecurityProfile: false })).toEqual([]);
  });

  it('lists in token_endpoint_auth_signing_alg_values_supported every alg a method takes', () => {
    expect(TOKEN_ENDPOINT_AUTH_SIGNING_ALGS).toEqual([...CLIENT_SECRET_JWT_ALGORITHMS, ...CLIENT_ASSERTION_ALGORITHMS]);
    expect(TOKEN_ENDPOINT_AUTH_SIGNING_ALGS).not.toContain('none');
  });
});
