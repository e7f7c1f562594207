import { type DownstreamRequest, upstreamAuthorizationParameters } from './upstream-authorization-parameters';

const secrets = { state: 's', nonce: 'n', codeChallenge: 'c' };
const request = (overrides: Partial<DownstreamRequest> = {}): DownstreamRequest => ({ prompt: [], ...overrides });

describe('upstreamAuthorizationParameters', () => {
  it('asks for a code with PKCE, state and nonce, at the one callback', () => {
    expect(
      upstreamAuthorizationParameters(
        ['openid', 'email'],
        'https://op.example/federation/callback',
        secrets,
        request(),
      ),
    ).toEqual({
      redirect_uri: 'https://op.example/federation/callback',
      response_type: 'code',
      scope: 'openid email',
      state: 's',
      nonce: 'n',
      code_challenge: 'c',
      code_challenge_method: 'S256',
    });
  });

  it('passes on a re-authentication the RP asked for', () => {
    const params = upstreamAuthorizationParameters(
      ['openid'],
      'https://op.example/cb',
      secrets,
      request({ prompt: ['login', 'consent'], maxAge: 0, uiLocales: ['fr', 'en'] }),
    );
    expect(params).toMatchObject({ prompt: 'login', max_age: '0', ui_locales: 'fr en' });
  });

  it('does not pass on consent or none, which concern this server only', () => {
    const params = upstreamAuthorizationParameters(
      ['openid'],
      'https://op.example/cb',
      secrets,
      request({ prompt: ['consent'] }),
    );
    expect(params.prompt).toBeUndefined();
  });
});
