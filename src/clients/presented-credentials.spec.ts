import { OAuthError } from '../common/errors/oauth-error';
import { JWT_BEARER_ASSERTION_TYPE, presentedCredentials } from './presented-credentials';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const request = (body: Record<string, unknown>, headers: Record<string, string> = {}) => ({ headers, body });

function failure(fn: () => unknown): OAuthError {
  try {
    fn();
  } catch (e) {
    return e as OAuthError;
  }
  throw new Error('expected an OAuthError');
}

describe('presentedCredentials', () => {
  it('reads client_secret_basic from the Authorization header', () => {
    expect(presentedCredentials(request({ grant_type: 'x' }, { authorization: basic('c', 's') }))).toEqual({
      method: 'client_secret_basic',
      clientId: 'c',
      clientSecret: 's',
    });
  });

  it('accepts a client_id in the body that agrees with the header', () => {
    expect(presentedCredentials(request({ client_id: 'c' }, { authorization: basic('c', 's') })).method).toBe(
      'client_secret_basic',
    );
  });

  it('refuses a client_id in the body that disagrees with the header', () => {
    expect(
      failure(() => presentedCredentials(request({ client_id: 'd' }, { authorization: basic('c', 's') }))).error,
    ).toBe('invalid_request');
  });

  it('reads client_secret_post from the body', () => {
    expect(presentedCredentials(request({ client_id: 'c', client_secret: 's' }))).toEqual({
      method: 'client_secret_post',
      clientId: 'c',
      clientSecret: 's',
    });
  });

  it('reads private_key_jwt, with or without client_id', () => {
    const body = { client_assertion_type: JWT_BEARER_ASSERTION_TYPE, client_assertion: 'a.b.c' };
    expect(presentedCredentials(request(body))).toEqual({
      method: 'client_assertion',
      clientId: undefined,
      assertion: 'a.b.c',
    });
  });

  it('reads none from a lone client_id', () => {
    expect(presentedCredentials(request({ client_id: 'c' }))).toEqual({ method: 'none', clientId: 'c' });
  });

  it('treats empty parameters as omitted (RFC 6749 §3.1)', () => {
    expect(presentedCredentials(request({ client_id: 'c', client_secret: '' }))).toEqual({
      method: 'none',
      clientId: 'c',
    });
  });

  it.each([
    ['basic and post', { client_id: 'c', client_secret: 's' }, { authorization: basic('c', 's') }],
    ['post and jwt', { client_id: 'c', client_secret: 's', client_assertion: 'a.b.c' }, {}],
    ['basic and jwt', { client_assertion_type: JWT_BEARER_ASSERTION_TYPE }, { authorization: basic('c', 's') }],
  ])('refuses two methods at once: %s', (_what, body, headers) => {
    const error = failure(() => presentedCredentials(request(body, headers)));
    expect([error.error, error.status]).toEqual(['invalid_request', 400]);
  });

  it('refuses a malformed or non-Basic Authorization header with a Basic challenge', () => {
    for (const authorization of ['Basic !!!', 'Bearer abc', basic('', 's')]) {
      const error = failure(() => presentedCredentials(request({}, { authorization })));
      expect([error.error, error.status, error.challenge]).toEqual(['invalid_client', 401, 'Basic']);
    }
  });

  it('refuses a request with no client at all', () => {
    const error = failure(() => presentedCredentials(request({ grant_type: 'client_credentials' })));
    expect([error.error, error.status, error.challenge]).toEqual(['invalid_client', 401, undefined]);
  });

  it('refuses a secret without a client_id', () => {
    expect(failure(() => presentedCredentials(request({ client_secret: 's' }))).error).toBe('invalid_client');
  });

  it('refuses an assertion without its type, and an unknown assertion type', () => {
    expect(failure(() => presentedCredentials(request({ client_assertion: 'a.b.c' }))).error).toBe('invalid_request');
    expect(
      failure(() => presentedCredentials(request({ client_assertion: 'a.b.c', client_assertion_type: 'urn:x' }))).error,
    ).toBe('invalid_client');
  });

  it('refuses a parameter given twice', () => {
    const error = failure(() => presentedCredentials(request({ client_id: ['a', 'b'] })));
    expect(error.error).toBe('invalid_request');
  });
});
