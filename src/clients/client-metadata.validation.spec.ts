import type { JSONWebKeySet } from 'jose';
import { GRANT_TYPES } from '../token/grants/grant-types';
import { clientDefaults, type ClientMetadata } from './client-input';
import { assertValidClientId, assertValidClientMetadata } from './client-metadata.validation';
import { ClientsErrorCode } from './clients.error';

// The grants' own declarations (src/token/grants), as the token module hands them over at start.
const assertValid = (m: ClientMetadata) => assertValidClientMetadata(m, GRANT_TYPES);

const metadata = (fields: Partial<ClientMetadata> = {}): ClientMetadata => ({
  ...clientDefaults(),
  clientName: 'Example RP',
  redirectUris: ['https://rp.example.com/cb'],
  ...fields,
});
const publicJwk = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
};

function codeOf(fn: () => void): ClientsErrorCode | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as { code: ClientsErrorCode }).code;
  }
}

describe('client metadata validation', () => {
  it('accepts the defaults with a redirect URI', () => {
    expect(() => assertValid(metadata())).not.toThrow();
  });

  it('accepts every declared grant, the password grant too, and refuses others by the declarations', () => {
    const noRedirects = { redirectUris: [], responseTypes: [] };
    expect(() => assertValid(metadata({ ...noRedirects, grantTypes: ['password', 'refresh_token'] }))).not.toThrow();
    expect(() => assertValid(metadata({ ...noRedirects, grantTypes: ['urn:example:magic'] }))).toThrow(
      /grant_types: urn:example:magic is not one of authorization_code, .*password/,
    );
    expect(() =>
      assertValid(metadata({ ...noRedirects, grantTypes: ['client_credentials'], tokenEndpointAuthMethod: 'none' })),
    ).toThrow(/public clients cannot use the client_credentials grant/);
    expect(() => assertValid(metadata({ grantTypes: ['implicit'], redirectUris: [] }))).toThrow(/redirect_uris/);
  });

  it('accepts the declared response types in any word order, and no other', () => {
    const hybrid = { grantTypes: ['authorization_code', 'implicit'] };
    expect(() => assertValid(metadata({ ...hybrid, responseTypes: ['token id_token', 'code token'] }))).not.toThrow();
    expect(() => assertValid(metadata({ ...hybrid, responseTypes: ['code nonsense'] }))).toThrow(/response_types/);
  });

  it('refuses a redirect URI that is relative or has a fragment', () => {
    expect(codeOf(() => assertValid(metadata({ redirectUris: ['/cb'] })))).toBe(ClientsErrorCode.InvalidRedirectUri);
    expect(codeOf(() => assertValid(metadata({ postLogoutRedirectUris: ['https://rp/cb#x'] })))).toBe(
      ClientsErrorCode.InvalidRedirectUri,
    );
  });

  it('requires a redirect URI for the authorization code grant only', () => {
    expect(codeOf(() => assertValid(metadata({ redirectUris: [] })))).toBe(ClientsErrorCode.InvalidRedirectUri);
    expect(() => assertValid(metadata({ redirectUris: [], grantTypes: ['client_credentials'] }))).not.toThrow();
  });

  it('requires PKCE of public clients and keeps them off client_credentials', () => {
    expect(codeOf(() => assertValid(metadata({ tokenEndpointAuthMethod: 'none', requirePkce: false })))).toBe(
      ClientsErrorCode.InvalidClientMetadata,
    );
    expect(() =>
      assertValid(
        metadata({ tokenEndpointAuthMethod: 'none', grantTypes: ['authorization_code', 'client_credentials'] }),
      ),
    ).toThrow(/client_credentials/);
  });

  it('requires exactly one of jwks and jwks_uri for private_key_jwt', () => {
    const jwks: JSONWebKeySet = { keys: [publicJwk] };
    const pkj = { tokenEndpointAuthMethod: 'private_key_jwt' } as const;
    expect(() => assertValid(metadata(pkj))).toThrow(/jwks/);
    expect(() => assertValid(metadata({ ...pkj, jwks }))).not.toThrow();
    expect(() => assertValid(metadata({ ...pkj, jwksUri: 'https://rp.example.com/jwks' }))).not.toThrow();
    expect(() => assertValid(metadata({ ...pkj, jwks, jwksUri: 'https://rp.example.com/jwks' }))).toThrow(/not both/);
  });

  it('refuses private keys in jwks and plain http jwks_uri off loopback', () => {
    const pkj = { tokenEndpointAuthMethod: 'private_key_jwt' } as const;
    expect(() => assertValid(metadata({ ...pkj, jwks: { keys: [{ ...publicJwk, d: 'secret' }] } }))).toThrow(
      /public keys only/,
    );
    expect(() => assertValid(metadata({ ...pkj, jwks: { keys: [{ kty: 'RSA', e: 'AQAB' }] } }))).toThrow(
      'jwks key 1 is not a usable RSA, EC or OKP public key',
    );
    expect(() => assertValid(metadata({ ...pkj, jwksUri: 'http://rp.example.com/jwks' }))).toThrow(/https/);
    expect(() => assertValid(metadata({ ...pkj, jwksUri: 'http://127.0.0.1:9000/jwks' }))).not.toThrow();
  });

  it('keeps default scopes within the allowed ones, all valid scope tokens', () => {
    expect(() => assertValid(metadata({ allowedScopes: ['openid'], defaultScopes: ['email'] }))).toThrow(
      /default_scopes/,
    );
    expect(() => assertValid(metadata({ allowedScopes: ['open id'], defaultScopes: [] }))).toThrow(/scope name/);
  });

  it('refuses unknown enumerations and bad lifetimes', () => {
    expect(() => assertValid(metadata({ consentPolicy: 'never' as 'always' }))).toThrow(/consent_policy/);
    expect(() => assertValid(metadata({ accessTokenTtl: 0 }))).toThrow(/access_token_ttl/);
    expect(() => assertValid(metadata({ idTokenTtl: 1.5 }))).toThrow(/id_token_ttl/);
  });

  it('takes a userinfo_signed_response_alg this server can sign with, or none (OIDC Registration §2)', () => {
    for (const alg of ['RS256', 'PS256', 'ES256', null])
      expect(() => assertValid(metadata({ userinfoSignedResponseAlg: alg }))).not.toThrow();
    for (const alg of ['HS256', 'none', 'EdDSA', 'rs256', ''])
      expect(codeOf(() => assertValid(metadata({ userinfoSignedResponseAlg: alg })))).toBe(
        ClientsErrorCode.InvalidClientMetadata,
      );
    expect(() => assertValid(metadata({ userinfoSignedResponseAlg: 'HS256' }))).toThrow(
      'userinfo_signed_response_alg must be one of RS256, PS256, ES256',
    );
  });

  it('takes an id_token_signed_response_alg this server can sign with; none is not one (OIDC Registration §2)', () => {
    for (const alg of ['RS256', 'PS256', 'ES256', null])
      expect(() => assertValid(metadata({ idTokenSignedResponseAlg: alg }))).not.toThrow();
    for (const alg of ['HS256', 'none', 'EdDSA', 'rs256', ''])
      expect(codeOf(() => assertValid(metadata({ idTokenSignedResponseAlg: alg })))).toBe(
        ClientsErrorCode.InvalidClientMetadata,
      );
    expect(() => assertValid(metadata({ idTokenSignedResponseAlg: 'none' }))).toThrow(
      'id_token_signed_response_alg must be one of RS256, PS256, ES256',
    );
  });

  it('takes a token_endpoint_auth_signing_alg of the client’s JWT method only; none never (OIDC Registration §2)', () => {
    const keys = { tokenEndpointAuthMethod: 'private_key_jwt' as const, jwks: { keys: [publicJwk] } };
    const secretJwt = { tokenEndpointAuthMethod: 'client_secret_jwt' as const };
    for (const alg of ['HS256', 'HS384', 'HS512', null])
      expect(() => assertValid(metadata({ ...secretJwt, tokenEndpointAuthSigningAlg: alg }))).not.toThrow();
    for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA', null])
      expect(() => assertValid(metadata({ ...keys, tokenEndpointAuthSigningAlg: alg }))).not.toThrow();
    for (const [fields, alg] of [
      [secretJwt, 'RS256'],
      [secretJwt, 'none'],
      [keys, 'HS256'],
      [keys, 'none'],
      [keys, 'rs256'],
      [keys, ''],
    ] as const)
      expect(codeOf(() => assertValid(metadata({ ...fields, tokenEndpointAuthSigningAlg: alg })))).toBe(
        ClientsErrorCode.InvalidClientMetadata,
      );
    expect(() => assertValid(metadata({ ...secretJwt, tokenEndpointAuthSigningAlg: 'PS256' }))).toThrow(
      'token_endpoint_auth_signing_alg must be one of HS256, HS384, HS512 for client_secret_jwt',
    );
    expect(() => assertValid(metadata({ ...keys, tokenEndpointAuthSigningAlg: 'HS256' }))).toThrow(
      /^token_endpoint_auth_signing_alg must be one of RS256, .*, EdDSA, Ed25519 for private_key_jwt$/,
    );
  });

  it('refuses token_endpoint_auth_signing_alg with a method that signs no JWT, naming the reason', () => {
    for (const tokenEndpointAuthMethod of ['client_secret_basic', 'client_secret_post', 'none'] as const)
      expect(() =>
        assertValid(metadata({ tokenEndpointAuthMethod, requirePkce: true, tokenEndpointAuthSigningAlg: 'HS256' })),
      ).toThrow(
        `token_endpoint_auth_signing_alg applies to private_key_jwt and client_secret_jwt only, not to token_endpoint_auth_method ${tokenEndpointAuthMethod}`,
      );
  });

  it('holds a FAPI 2.0 client’s token_endpoint_auth_signing_alg to PS256 or ES256', () => {
    const fapi2 = {
      fapi2SecurityProfile: true,
      tokenEndpointAuthMethod: 'private_key_jwt' as const,
      jwks: { keys: [publicJwk] },
    };
    expect(() => assertValid(metadata({ ...fapi2, tokenEndpointAuthSigningAlg: 'ES256' }))).not.toThrow();
    expect(() => assertValid(metadata({ ...fapi2, tokenEndpointAuthSigningAlg: 'RS256' }))).toThrow(
      'token_endpoint_auth_signing_alg must be one of PS256, ES256 for private_key_jwt under FAPI 2.0',
    );
  });

  it('holds a FAPI 2.0 client’s ID Token and userinfo algs to PS256 or ES256 (FAPI 2.0 section 5.4)', () => {
    const fapi2 = {
      fapi2SecurityProfile: true,
      tokenEndpointAuthMethod: 'private_key_jwt' as const,
      jwks: { keys: [publicJwk] },
    };
    expect(() =>
      assertValid(metadata({ ...fapi2, idTokenSignedResponseAlg: 'PS256', userinfoSignedResponseAlg: 'ES256' })),
    ).not.toThrow();
    expect(() => assertValid(metadata({ ...fapi2, idTokenSignedResponseAlg: 'RS256' }))).toThrow(
      'FAPI 2.0 clients take id_token_signed_response_alg PS256 or ES256',
    );
    expect(() => assertValid(metadata({ ...fapi2, userinfoSignedResponseAlg: 'RS256' }))).toThrow(
      'FAPI 2.0 clients take userinfo_signed_response_alg PS256 or ES256',
    );
  });

  it('takes an initiate_login_uri that is an absolute https URL without a fragment (OIDC Registration §2)', () => {
    // http on a loopback host, as mod_auth_openidc registers in development (test/interop).
    for (const uri of [
      'https://rp.example.com/login',
      'https://rp.example.com/login?tenant=a',
      'http://127.0.0.1:8080/login',
      null,
    ])
      expect(() => assertValid(metadata({ initiateLoginUri: uri }))).not.toThrow();
    for (const uri of [
      'http://rp.example.com/login',
      'http://localhost.evil.example/login',
      '/login',
      'rp.example.com/login',
      'javascript:alert(1)',
      '',
      `https://rp.example.com/${'a'.repeat(2048)}`,
    ])
      expect(() => assertValid(metadata({ initiateLoginUri: uri }))).toThrow(
        'initiate_login_uri must be an https URL (http only on a loopback address) of at most 2048 characters',
      );
    expect(() => assertValid(metadata({ initiateLoginUri: 'https://rp.example.com/login#x' }))).toThrow(
      'initiate_login_uri must not contain a fragment',
    );
    expect(codeOf(() => assertValid(metadata({ initiateLoginUri: 'http://rp.example.com/' })))).toBe(
      ClientsErrorCode.InvalidClientMetadata,
    );
  });

  it('checks the informational metadata of RFC 7591 §2', () => {
    expect(() =>
      assertValid(
        metadata({
          clientUri: 'https://rp.example.com',
          policyUri: 'https://rp.example.com/privacy',
          tosUri: 'https://rp.example.com/terms',
          contacts: ['ops@rp.example.com'],
          softwareId: 'rp',
          softwareVersion: '1.0',
        }),
      ),
    ).not.toThrow();
    expect(() => assertValid(metadata({ policyUri: 'javascript:alert(1)' }))).toThrow(/policy_uri/);
    expect(() => assertValid(metadata({ contacts: [''] }))).toThrow(/contacts/);
    expect(() => assertValid(metadata({ contacts: Array(21).fill('a@b') }))).toThrow(/contacts/);
    expect(() => assertValid(metadata({ softwareVersion: '' }))).toThrow(/software_version/);
  });

  it('takes only true or false for the logout revocation policy', () => {
    expect(clientDefaults().revokeTokensOnLogout).toBe(true);
    expect(() => assertValid(metadata({ revokeTokensOnLogout: false }))).not.toThrow();
    expect(() => assertValid(metadata({ revokeTokensOnLogout: 'no' as unknown as boolean }))).toThrow(
      /revokeTokensOnLogout/,
    );
  });

  it('takes a back-channel logout URI without a fragment, https in production (OIDC Back-Channel Logout §2.2)', () => {
    const ok =
      (uri: string, production = false) =>
      () =>
        assertValidClientMetadata(metadata({ backchannelLogoutUri: uri }), GRANT_TYPES, { production });
    expect(ok('https://rp.example.com/logout?tenant=a')).not.toThrow();
    expect(ok('http://rp.internal:8080/logout')).not.toThrow();
    expect(ok('http://rp.internal:8080/logout', true)).toThrow(/https/);
    expect(ok('http://127.0.0.1:8080/logout', true)).not.toThrow();
    expect(ok('https://rp.example.com/logout#frag')).toThrow(/fragment/);
    expect(ok('/logout')).toThrow(/absolute/);
    expect(ok('ftp://rp.example.com/logout')).toThrow(/http\(s\)/);
    expect(() => assertValid(metadata({ backchannelLogoutSessionRequired: 'yes' as unknown as boolean }))).toThrow(
      /backchannelLogoutSessionRequired/,
    );
  });

  it('takes a front-channel logout URI by the same rules (OIDC Front-Channel Logout §2)', () => {
    const check =
      (uri: string, production = false) =>
      () =>
        assertValidClientMetadata(metadata({ frontchannelLogoutUri: uri }), GRANT_TYPES, { production });
    expect(check('https://rp.example.com/logout?iframe=1')).not.toThrow();
    expect(check('http://rp.internal/logout', true)).toThrow(/frontchannel_logout_uri must use https/);
    expect(check('https://rp.example.com/logout#x')).toThrow(/frontchannel_logout_uri must not contain a fragment/);
  });

  it('checks client ids', () => {
    expect(() => assertValidClientId('my-app_01.example')).not.toThrow();
    expect(() => assertValidClientId('has space')).toThrow();
    expect(() => assertValidClientId('')).toThrow();
    expect(() => assertValidClientId('x'.repeat(129))).toThrow();
  });

  it('checks a token exchange policy (RFC 8693) when one is given', () => {
    const policy = {
      allowedSubjectTokenTypes: ['urn:ietf:params:oauth:token-type:access_token'],
      allowedAudiences: ['orders-api'],
      allowImpersonation: false,
      allowDelegation: true,
    };
    expect(() => assertValid(metadata({ tokenExchangePolicy: policy }))).not.toThrow();
    for (const bad of [
      { ...policy, allowedSubjectTokenTypes: ['urn:ietf:params:oauth:token-type:saml2'] },
      { ...policy, allowedAudiences: 'orders-api' },
      { ...policy, allowDelegation: 'yes' },
    ])
      expect(codeOf(() => assertValid(metadata({ tokenExchangePolicy: bad as never })))).toBe(
        ClientsErrorCode.InvalidClientMetadata,
      );
  });

  it('checks subject_type and sector_identifier_uri, and that a pairwise client has a sector (OIDC Core §8.1)', () => {
    const twoHosts = { redirectUris: ['https://a.example.com/cb', 'https://b.example.com/cb'] };
    expect(() => assertValid(metadata({ subjectType: 'pairwise' }))).not.toThrow();
    expect(() => assertValid(metadata({ ...twoHosts, subjectType: 'public' }))).not.toThrow();
    expect(() => assertValid(metadata({ ...twoHosts, subjectType: 'pairwise' }))).toThrow(
      /several hosts \(a\.example\.com, b\.example\.com\) needs a sector_identifier_uri/,
    );
    const sector = 'https://example.com/sector.json';
    expect(() =>
      assertValid(metadata({ ...twoHosts, subjectType: 'pairwise', sectorIdentifierUri: sector })),
    ).not.toThrow();
    expect(() => assertValid(metadata({ subjectType: 'secret' as never }))).toThrow(
      /subject_type must be one of public, pairwise/,
    );
    for (const bad of [
      'http://example.com/sector.json',
      'example.com/sector.json',
      `https://e.com/${'x'.repeat(2050)}`,
    ])
      expect(() => assertValid(metadata({ sectorIdentifierUri: bad }))).toThrow(
        /sector_identifier_uri must be an https URL/,
      );
    expect(() => assertValid(metadata({ sectorIdentifierUri: `${sector}#x` }))).toThrow(/must not contain a fragment/);
  });
});
