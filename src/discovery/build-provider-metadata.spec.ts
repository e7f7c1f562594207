import { buildProviderMetadata, MetadataSources } from './build-provider-metadata';

const ISSUER = 'https://id.example.com';
const sources = (overrides: Partial<MetadataSources> = {}): MetadataSources => ({
  issuer: ISSUER,
  scopes: [
    { name: 'email', claims: ['email', 'email_verified'] },
    { name: 'openid', claims: ['sub'] },
  ],
  signingAlgs: ['RS256'],
  contributed: {},
  ...overrides,
});

describe('provider metadata', () => {
  it('says only what the foundation serves when nothing is contributed', () => {
    expect(buildProviderMetadata(sources())).toEqual({
      issuer: ISSUER,
      jwks_uri: `${ISSUER}/.well-known/jwks.json`,
      scopes_supported: ['email', 'openid'],
      response_types_supported: [],
      grant_types_supported: [],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'nonce',
        'acr',
        'amr',
        'azp',
        'sid',
        'email',
        'email_verified',
      ],
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
    });
  });

  it('lists the signing algs for signed userinfo once a userinfo endpoint is contributed (OIDC Discovery §3)', () => {
    const metadata = buildProviderMetadata(
      sources({ signingAlgs: ['RS256', 'ES256'], contributed: { userinfo_endpoint: '/oauth2/userinfo' } }),
    );
    expect(metadata.userinfo_signing_alg_values_supported).toEqual(['RS256', 'ES256']);
    expect(metadata.id_token_signing_alg_values_supported).toEqual(['RS256', 'ES256']);
  });

  it('publishes contributed endpoints under the issuer, and absolute ones as given', () => {
    const metadata = buildProviderMetadata(
      sources({
        contributed: {
          token_endpoint: '/oauth2/token',
          end_session_endpoint: 'https://logout.example.com/end',
          grant_types_supported: ['authorization_code'],
          claims_parameter_supported: true,
        },
      }),
    );
    expect(metadata.token_endpoint).toBe(`${ISSUER}/oauth2/token`);
    expect(metadata.end_session_endpoint).toBe('https://logout.example.com/end');
    expect(metadata.grant_types_supported).toEqual(['authorization_code']);
    expect(metadata.claims_parameter_supported).toBe(true);
  });

  it('adds contributed claims and subject types to its own', () => {
    const metadata = buildProviderMetadata(
      sources({ contributed: { claims_supported: ['roles', 'email'], subject_types_supported: ['pairwise'] } }),
    );
    expect(metadata.claims_supported.filter((c) => c === 'email')).toHaveLength(1);
    expect(metadata.claims_supported).toContain('roles');
    expect(metadata.subject_types_supported).toEqual(['public', 'pairwise']);
  });

  it('puts the issuer first', () => {
    const metadata = buildProviderMetadata(sources({ contributed: { authorization_endpoint: '/oauth2/authorize' } }));
    expect(Object.keys(metadata).slice(0, 3)).toEqual(['issuer', 'authorization_endpoint', 'jwks_uri']);
  });
});
