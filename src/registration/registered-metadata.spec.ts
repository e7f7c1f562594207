import type { ClientRegistrationRequest } from './client-registration.request';
import { registeredMetadata } from './registered-metadata';

const CLIENT_ID = 'generated-id';
const STANDARD_SCOPES = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access'];
const read = (request: ClientRegistrationRequest) =>
  registeredMetadata(request, CLIENT_ID, { scopesWhenOmitted: STANDARD_SCOPES, implicitAccessTokens: false });

function refusal(request: ClientRegistrationRequest): string | undefined {
  try {
    read(request);
    return undefined;
  } catch (e) {
    return `${(e as { error: string }).error}: ${(e as Error).message}`;
  }
}

describe('registeredMetadata', () => {
  it('applies the RFC 7591 defaults', () => {
    expect(read({ redirect_uris: ['https://rp.example.com/cb'] })).toEqual({
      clientName: CLIENT_ID,
      logoUri: null,
      clientUri: null,
      policyUri: null,
      tosUri: null,
      contacts: [],
      softwareId: null,
      softwareVersion: null,
      redirectUris: ['https://rp.example.com/cb'],
      postLogoutRedirectUris: [],
      // OIDC Back-Channel Logout 1.0 §2.2: none, and sid not required.
      backchannelLogoutUri: null,
      backchannelLogoutSessionRequired: false,
      // OIDC Front-Channel Logout 1.0 §2: none, and iss and sid not required.
      frontchannelLogoutUri: null,
      frontchannelLogoutSessionRequired: false,
      grantTypes: ['authorization_code'],
      responseTypes: ['code'],
      // RFC 7591 §2: without scope, the server's default set (REGISTRATION_DEFAULT_SCOPES).
      allowedScopes: STANDARD_SCOPES,
      defaultScopes: ['openid'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      // OIDC Registration §2: any alg of the method.
      tokenEndpointAuthSigningAlg: null,
      jwks: null,
      jwksUri: null,
      dpopBoundAccessTokens: false,
      // RFC 9126 §6, RFC 9101 §10.5, OIDC Registration §2: off, any alg, none.
      requirePushedAuthorizationRequests: false,
      requireSignedRequestObject: false,
      requestObjectSigningAlg: null,
      requestUris: [],
      // OIDC Registration §2: userinfo as JSON.
      userinfoSignedResponseAlg: null,
      // OIDC Registration §2: the active key's alg (RS256 unless SIGNING_ALG says otherwise).
      idTokenSignedResponseAlg: null,
      // This server's extension: no second factor required.
      requireMfa: false,
      // OIDC Registration §2: the server's default subject type, public; no sector document.
      subjectType: 'public',
      // OIDC Registration §2: web.
      applicationType: 'web',
      sectorIdentifierUri: null,
      // OIDC Registration §2: no third-party initiated login.
      initiateLoginUri: null,
    });
  });

  it('registers userinfo_signed_response_alg (OIDC Registration §2)', () => {
    const metadata = read({ redirect_uris: ['https://rp.example.com/cb'], userinfo_signed_response_alg: 'RS256' });
    expect(metadata.userinfoSignedResponseAlg).toBe('RS256');
  });

  it('registers id_token_signed_response_alg (OIDC Registration §2)', () => {
    const metadata = read({ redirect_uris: ['https://rp.example.com/cb'], id_token_signed_response_alg: 'ES256' });
    expect(metadata.idTokenSignedResponseAlg).toBe('ES256');
  });

  it('registers token_endpoint_auth_signing_alg and initiate_login_uri (OIDC Registration §2)', () => {
    const metadata = read({
      redirect_uris: ['https://rp.example.com/cb'],
      token_endpoint_auth_method: 'client_secret_jwt',
      token_endpoint_auth_signing_alg: 'HS512',
      initiate_login_uri: 'https://rp.example.com/login',
    });
    expect(metadata).toMatchObject({
      tokenEndpointAuthSigningAlg: 'HS512',
      initiateLoginUri: 'https://rp.example.com/login',
    });
  });

  it('registers require_mfa: a client may ask for a second factor on every sign-in', () => {
    expect(read({ redirect_uris: ['https://rp.example.com/cb'], require_mfa: true }).requireMfa).toBe(true);
  });

  it('registers subject_type pairwise with a sector_identifier_uri the server can fetch (OIDC Core §8.1)', () => {
    const metadata = read({
      redirect_uris: ['https://a.example.com/cb', 'https://b.example.com/cb'],
      subject_type: 'pairwise',
      sector_identifier_uri: 'https://example.com/sector.json',
    });
    expect(metadata).toMatchObject({ subjectType: 'pairwise', sectorIdentifierUri: 'https://example.com/sector.json' });
    for (const uri of [
      'http://example.com/sector.json',
      'https://127.0.0.1/sector.json',
      'https://localhost/s',
      'nonsense',
    ])
      expect(refusal({ redirect_uris: ['https://a.example.com/cb'], sector_identifier_uri: uri })).toBe(
        'invalid_client_metadata: sector_identifier_uri must be an https URL on a DNS host name',
      );
  });

  it('registers dpop_bound_access_tokens and client_secret_jwt (RFC 9449 §5.2, OIDC Core §9)', () => {
    const metadata = read({
      redirect_uris: ['https://rp.example.com/cb'],
      token_endpoint_auth_method: 'client_secret_jwt',
      dpop_bound_access_tokens: true,
    });
    expect(metadata.tokenEndpointAuthMethod).toBe('client_secret_jwt');
    expect(metadata.dpopBoundAccessTokens).toBe(true);
  });

  it('registers logout URIs by the redirect URI rules, web URLs only (OIDC Back-Channel Logout §2.2, Front-Channel Logout §2)', () => {
    const metadata = read({
      redirect_uris: ['https://rp.example.com/cb'],
      backchannel_logout_uri: 'https://rp.example.com/backchannel?tenant=a',
      backchannel_logout_session_required: true,
      frontchannel_logout_uri: 'https://rp.example.com/frontchannel',
    });
    expect(metadata).toMatchObject({
      backchannelLogoutUri: 'https://rp.example.com/backchannel?tenant=a',
      backchannelLogoutSessionRequired: true,
      frontchannelLogoutUri: 'https://rp.example.com/frontchannel',
      frontchannelLogoutSessionRequired: false,
    });
    // mod_auth_openidc registers its own redirect URI, on a loopback address in development.
    expect(
      read({
        redirect_uris: ['http://127.0.0.1:8080/cb'],
        backchannel_logout_uri: 'http://127.0.0.1:8080/cb?logout=backchannel',
      }).backchannelLogoutUri,
    ).toBe('http://127.0.0.1:8080/cb?logout=backchannel');
    for (const field of ['backchannel_logout_uri', 'frontchannel_logout_uri'] as const)
      for (const uri of ['http://rp.example.com/bc', 'https://rp.example.com/bc#x', 'com.example.app:/logout'])
        expect(refusal({ redirect_uris: ['https://rp.example.com/cb'], [field]: uri })).toMatch(
          new RegExp(`^invalid_client_metadata: ${field}`),
        );
  });

  it('splits scope, drops repeats and orders response types canonically', () => {
    const metadata = read({
      redirect_uris: ['https://rp.example.com/cb', 'https://rp.example.com/cb'],
      grant_types: ['authorization_code', 'implicit', 'authorization_code'],
      response_types: ['id_token code', 'code id_token', 'code'],
      scope: ' openid  profile openid ',
    });
    expect(metadata.redirectUris).toEqual(['https://rp.example.com/cb']);
    expect(metadata.grantTypes).toEqual(['authorization_code', 'implicit']);
    expect(metadata.responseTypes).toEqual(['code id_token', 'code']);
    expect(metadata.allowedScopes).toEqual(['openid', 'profile']);
  });

  it('registers the response types it serves of a request for every flow, as mod_auth_openidc sends it (RFC 7591 §3.2.1)', () => {
    const modAuthOpenidc = {
      redirect_uris: ['https://rp.example.com/protected/redirect_uri'],
      response_types: ['code', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'],
      grant_types: ['authorization_code', 'implicit', 'refresh_token'],
    };
    expect(read(modAuthOpenidc)).toMatchObject({
      responseTypes: ['code', 'id_token', 'code id_token'],
      grantTypes: ['authorization_code', 'implicit', 'refresh_token'],
    });
    expect(
      registeredMetadata(modAuthOpenidc, CLIENT_ID, { scopesWhenOmitted: STANDARD_SCOPES, implicitAccessTokens: true })
        .responseTypes,
    ).toEqual(modAuthOpenidc.response_types);
    // On a local address the implicit flow is not registered for a web client (OIDC Registration §2).
    const onLoopback = { ...modAuthOpenidc, redirect_uris: ['http://127.0.0.1:8080/protected/redirect_uri'] };
    expect(read(onLoopback)).toMatchObject({
      responseTypes: ['code'],
      grantTypes: ['authorization_code', 'refresh_token'],
      applicationType: 'web',
    });
    expect(read({ ...onLoopback, application_type: 'native' })).toMatchObject({
      responseTypes: ['code', 'id_token', 'code id_token'],
      applicationType: 'native',
    });
    expect(refusal({ ...onLoopback, response_types: ['id_token'], grant_types: ['implicit'] })).toMatch(
      /^invalid_redirect_uri: redirect_uris: http:\/\/127\.0\.0\.1:8080\/protected\/redirect_uri must be an https URL for a web client/,
    );
    // Nothing it serves among them: refused, with the reason.
    expect(refusal({ ...modAuthOpenidc, response_types: ['code token', 'id_token token'] })).toMatch(
      /^invalid_client_metadata: .*access token from the authorization endpoint/,
    );
  });

  it('gives no default scope to a client that may not ask for openid', () => {
    const metadata = read({ grant_types: ['client_credentials'], scope: 'profile' });
    expect(metadata).toMatchObject({ responseTypes: [], allowedScopes: ['profile'], defaultScopes: [] });
  });

  it.each([
    [
      'an unknown auth method',
      { token_endpoint_auth_method: 'tls_client_auth' },
      /^invalid_client_metadata: token_endpoint_auth_method/,
    ],
    [
      'http redirect on a public host',
      { redirect_uris: ['http://rp.example.com/cb'] },
      /^invalid_redirect_uri: redirect_uris: /,
    ],
    [
      'jwks and jwks_uri',
      { grant_types: ['client_credentials'], jwks: { keys: [] }, jwks_uri: 'https://rp.example.com/j' },
      /not both/,
    ],
    [
      'a jwks_uri over http',
      { grant_types: ['client_credentials'], jwks_uri: 'http://rp.example.com/jwks' },
      /jwks_uri/,
    ],
    [
      'a jwks_uri on an IP address',
      { grant_types: ['client_credentials'], jwks_uri: 'https://[::1]/jwks' },
      /jwks_uri/,
    ],
    [
      'a jwks_uri on localhost',
      { grant_types: ['client_credentials'], jwks_uri: 'https://api.localhost/jwks' },
      /jwks_uri/,
    ],
  ])('refuses %s', (_what, request, message) => {
    expect(refusal(request as ClientRegistrationRequest)).toMatch(message);
  });
});
