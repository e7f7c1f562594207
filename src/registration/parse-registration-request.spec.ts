import { parseRegistrationRequest } from './parse-registration-request';

const jsonRequest = (body: unknown, contentType: string | false = 'application/json') => ({
  body,
  is: (type: string | string[]) => (contentType && type === 'application/json' ? contentType : false),
});

function refusal(body: unknown, contentType?: string | false): { error: string; message: string } | undefined {
  try {
    parseRegistrationRequest(jsonRequest(body, contentType) as never);
    return undefined;
  } catch (e) {
    return { error: (e as { error: string }).error, message: (e as Error).message };
  }
}

describe('parseRegistrationRequest', () => {
  it('keeps the known members, ignores the rest and treats null as absent', () => {
    const request = parseRegistrationRequest(
      jsonRequest({
        client_name: 'RP',
        redirect_uris: ['https://rp.example.com/cb'],
        logo_uri: null,
        application_type: 'web',
        token_endpoint_auth_signing_alg: 'HS256',
        initiate_login_uri: 'https://rp.example.com/login',
        __proto__: { polluted: true },
      }) as never,
    );
    expect({ ...request }).toEqual({
      client_name: 'RP',
      redirect_uris: ['https://rp.example.com/cb'],
      logo_uri: null,
      application_type: 'web',
      token_endpoint_auth_signing_alg: 'HS256',
      initiate_login_uri: 'https://rp.example.com/login',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses anything but application/json', () => {
    expect(refusal({ client_name: 'RP' }, false)).toMatchObject({ error: 'invalid_request' });
  });

  it.each([
    ['a JSON array', [], /JSON object/],
    ['a string for a list', { redirect_uris: 'https://rp.example.com/cb' }, /redirect_uris must be an array/],
    ['a number in a list', { grant_types: ['authorization_code', 7] }, /grant_types must be a string/],
    ['a list for a string', { client_name: ['RP'] }, /client_name must be a string/],
    ['jwks as a list', { jwks: [] }, /jwks must be an object/],
    ['too many redirect URIs', { redirect_uris: Array(51).fill('https://rp.example.com/cb') }, /redirect_uris/],
    ['a long scope', { scope: 'a'.repeat(2001) }, /scope/],
    [
      'an alg this server cannot sign userinfo with',
      { userinfo_signed_response_alg: 'HS256' },
      /^userinfo_signed_response_alg must be one of the following values: RS256, PS256, ES256$/,
    ],
    [
      'a userinfo alg that is not a string',
      { userinfo_signed_response_alg: 256 },
      /userinfo_signed_response_alg must be a string/,
    ],
    [
      'an ID Token alg this server cannot sign with',
      { id_token_signed_response_alg: 'none' },
      /^id_token_signed_response_alg must be one of the following values: RS256, PS256, ES256$/,
    ],
    [
      'a client authentication alg discovery does not list',
      { token_endpoint_auth_signing_alg: 'none' },
      /^token_endpoint_auth_signing_alg must be one of the following values: HS256, HS384, HS512, RS256, /,
    ],
    [
      'an initiate_login_uri that is not a string',
      { initiate_login_uri: ['https://rp.example.com/login'] },
      /initiate_login_uri must be a string/,
    ],
    [
      'an initiate_login_uri longer than 2048 characters',
      { initiate_login_uri: `https://rp.example.com/${'a'.repeat(2048)}` },
      /initiate_login_uri must be shorter than or equal to 2048 characters/,
    ],
    ['deep nesting in an ignored member', { extra: [[[[[[[[[]]]]]]]]] }, /nested/],
  ])('refuses %s as invalid_client_metadata, naming the problem', (_what, body, message) => {
    const problem = refusal(body);
    expect(problem?.error).toBe('invalid_client_metadata');
    expect(problem?.message).toMatch(message);
  });
});
