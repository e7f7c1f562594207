import { Client } from '../clients/client.entity';
import { clientDefaults } from '../clients/client-input';
import { clientInformationResponse } from './client-registration.response';

const client = (fields: Partial<Client> = {}): Client =>
  Object.assign(new Client(), {
    ...clientDefaults(),
    clientId: 'abc',
    clientName: 'RP',
    clientSecretHash: null,
    redirectUris: ['https://rp.example.com/cb'],
    createdAt: new Date('2025-01-01T00:00:00.900Z'),
    ...fields,
  });
const URI = 'https://id.example.com/oauth2/register/abc';

describe('clientInformationResponse', () => {
  it('leaves out empty optional metadata and secret fields for a client without a secret', () => {
    expect(clientInformationResponse(client({ tokenEndpointAuthMethod: 'none' }), URI)).toEqual({
      client_id: 'abc',
      client_id_issued_at: 1735689600,
      registration_client_uri: URI,
      client_name: 'RP',
      redirect_uris: ['https://rp.example.com/cb'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid',
      token_endpoint_auth_method: 'none',
      // OIDC Registration §3.2: always said, the default too.
      subject_type: 'public',
      application_type: 'web',
    });
  });

  it('shows a pairwise subject type and its sector_identifier_uri (OIDC Registration §2)', () => {
    const pairwise = client({ subjectType: 'pairwise', sectorIdentifierUri: 'https://rp.example.com/sector.json' });
    expect(clientInformationResponse(pairwise, URI)).toMatchObject({
      subject_type: 'pairwise',
      sector_identifier_uri: 'https://rp.example.com/sector.json',
    });
  });

  it('shows userinfo_signed_response_alg when the client has one (OIDC Registration §2)', () => {
    expect(clientInformationResponse(client({ userinfoSignedResponseAlg: 'ES256' }), URI)).toMatchObject({
      userinfo_signed_response_alg: 'ES256',
    });
    expect(clientInformationResponse(client(), URI)).not.toHaveProperty('userinfo_signed_response_alg');
  });

  it('shows the logout session flags with their URIs, and when registered true without them (Back-Channel Logout §2.2)', () => {
    const withUri = client({ backchannelLogoutUri: 'https://rp.example.com/bc', frontchannelLogoutUri: null });
    expect(clientInformationResponse(withUri, URI)).toMatchObject({ backchannel_logout_session_required: false });
    const flagsAlone = client({ backchannelLogoutSessionRequired: true, frontchannelLogoutSessionRequired: true });
    expect(clientInformationResponse(flagsAlone, URI)).toMatchObject({
      backchannel_logout_session_required: true,
      frontchannel_logout_session_required: true,
    });
    expect(clientInformationResponse(client(), URI)).not.toHaveProperty('backchannel_logout_session_required');
    expect(clientInformationResponse(client(), URI)).not.toHaveProperty('frontchannel_logout_session_required');
  });

  it('shows id_token_signed_response_alg when the client has one (OIDC Registration §2)', () => {
    expect(clientInformationResponse(client({ idTokenSignedResponseAlg: 'PS256' }), URI)).toMatchObject({
      id_token_signed_response_alg: 'PS256',
    });
    expect(clientInformationResponse(client(), URI)).not.toHaveProperty('id_token_signed_response_alg');
  });

  it('shows token_endpoint_auth_signing_alg and initiate_login_uri when the client has them (OIDC Registration §2)', () => {
    const registered = client({
      tokenEndpointAuthMethod: 'client_secret_jwt',
      tokenEndpointAuthSigningAlg: 'HS256',
      initiateLoginUri: 'https://rp.example.com/login',
    });
    expect(clientInformationResponse(registered, URI)).toMatchObject({
      token_endpoint_auth_method: 'client_secret_jwt',
      token_endpoint_auth_signing_alg: 'HS256',
      initiate_login_uri: 'https://rp.example.com/login',
    });
    expect(clientInformationResponse(client(), URI)).not.toHaveProperty('token_endpoint_auth_signing_alg');
    expect(clientInformationResponse(client(), URI)).not.toHaveProperty('initiate_login_uri');
  });

  it('says when the secret expires (0: never) and shows issued credentials once, first', () => {
    const withSecret = client({ clientSecretHash: 'f'.repeat(64) });
    const issued = clientInformationResponse(withSecret, URI, { clientSecret: 's', registrationAccessToken: 'r' });
    expect(Object.keys(issued).slice(0, 6)).toEqual([
      'client_id',
      'client_secret',
      'client_id_issued_at',
      'client_secret_expires_at',
      'registration_access_token',
      'registration_client_uri',
    ]);
    expect(issued.client_secret_expires_at).toBe(0);
    const expiring = client({ clientSecretHash: 'f'.repeat(64), clientSecretExpiresAt: new Date(1_800_000_000_500) });
    expect(clientInformationResponse(expiring, URI).client_secret_expires_at).toBe(1_800_000_000);
  });
});
