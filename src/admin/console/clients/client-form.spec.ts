import type { ClientDto } from '../../clients/client.dto';
import { clientInputOf, clientValuesOf } from './client-form';

describe('clientInputOf', () => {
  it('maps the posted form to the admin API’s client fields', () => {
    const input = clientInputOf(
      {
        client_id: ' shop ',
        client_name: 'Shop',
        token_endpoint_auth_method: 'none',
        redirect_uris: 'https://shop.example/cb\nhttps://shop.example/cb2',
        grant_types: ['authorization_code', 'refresh_token'],
        allowed_scopes: 'openid profile',
        require_pkce: 'on',
        access_token_ttl: '300',
        refresh_token_ttl: '',
        logo_uri: '',
      },
      true,
    );
    expect(input).toMatchObject({
      client_id: 'shop',
      client_name: 'Shop',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['https://shop.example/cb', 'https://shop.example/cb2'],
      grant_types: ['authorization_code', 'refresh_token'],
      allowed_scopes: ['openid', 'profile'],
      require_pkce: true,
      allow_plain_pkce: false,
      access_token_ttl: 300,
      refresh_token_ttl: null,
      logo_uri: null,
    });
  });

  it('maps the second-factor requirement, off unless ticked', () => {
    expect(clientInputOf({ require_mfa: 'on' }, false)).toMatchObject({ require_mfa: true });
    expect(clientInputOf({}, false)).toMatchObject({ require_mfa: false });
  });

  it('maps the authorization request fields: PAR, request objects, request_uris, FAPI 2.0', () => {
    expect(
      clientInputOf(
        {
          require_pushed_authorization_requests: 'on',
          require_signed_request_object: 'on',
          request_object_signing_alg: 'PS256',
          request_uris: 'https://rp.example/ro.jwt\n',
          fapi2_security_profile: 'on',
        },
        false,
      ),
    ).toMatchObject({
      require_pushed_authorization_requests: true,
      require_signed_request_object: true,
      request_object_signing_alg: 'PS256',
      request_uris: ['https://rp.example/ro.jwt'],
      fapi2_security_profile: true,
    });
    expect(clientInputOf({ request_object_signing_alg: '' }, false)).toMatchObject({
      request_object_signing_alg: null,
      require_pushed_authorization_requests: false,
      fapi2_security_profile: false,
    });
  });

  it('maps the signed userinfo choice, the empty one to null (JSON), and shows null as the empty one', () => {
    expect(clientInputOf({ userinfo_signed_response_alg: 'ES256' }, false)).toMatchObject({
      userinfo_signed_response_alg: 'ES256',
    });
    expect(clientInputOf({ userinfo_signed_response_alg: '' }, false)).toMatchObject({
      userinfo_signed_response_alg: null,
    });
    expect(clientValuesOf({ userinfo_signed_response_alg: null } as ClientDto)).toMatchObject({
      userinfo_signed_response_alg: '',
    });
  });

  it('maps the ID Token alg choice, the empty one to null (the signing key’s), and shows null as the empty one', () => {
    expect(clientInputOf({ id_token_signed_response_alg: 'PS256' }, false)).toMatchObject({
      id_token_signed_response_alg: 'PS256',
    });
    expect(clientInputOf({ id_token_signed_response_alg: '' }, false)).toMatchObject({
      id_token_signed_response_alg: null,
    });
    expect(clientValuesOf({ id_token_signed_response_alg: null } as ClientDto)).toMatchObject({
      id_token_signed_response_alg: '',
    });
  });

  it('maps the client authentication alg, the empty one to null (any of the method’s), and shows null as the empty one', () => {
    expect(clientInputOf({ token_endpoint_auth_signing_alg: 'HS256' }, false)).toMatchObject({
      token_endpoint_auth_signing_alg: 'HS256',
    });
    expect(clientInputOf({ token_endpoint_auth_signing_alg: '' }, false)).toMatchObject({
      token_endpoint_auth_signing_alg: null,
    });
    expect(clientValuesOf({ token_endpoint_auth_signing_alg: null } as ClientDto)).toMatchObject({
      token_endpoint_auth_signing_alg: '',
    });
  });

  it('reads the login initiation URI, the empty one as null', () => {
    expect(clientInputOf({ initiate_login_uri: ' https://rp.example/login ' }, false)).toMatchObject({
      initiate_login_uri: 'https://rp.example/login',
    });
    expect(clientInputOf({ initiate_login_uri: '' }, false)).toMatchObject({ initiate_login_uri: null });
  });

  it('reads the subject type and sector identifier URI, leaving the type alone when the form has none', () => {
    const sector = 'https://rp.example/sector.json';
    expect(clientInputOf({ subject_type: 'pairwise', sector_identifier_uri: ` ${sector} ` }, false)).toMatchObject({
      subject_type: 'pairwise',
      sector_identifier_uri: sector,
    });
    const without = clientInputOf({ sector_identifier_uri: '' }, false);
    expect(without.subject_type).toBeUndefined();
    expect(without.sector_identifier_uri).toBeNull();
  });

  it('leaves client_id out when editing, or when empty so the server makes one', () => {
    expect(clientInputOf({ client_id: 'x' }, false)).not.toHaveProperty('client_id');
    expect(clientInputOf({ client_id: '' }, true)).not.toHaveProperty('client_id');
  });
});
