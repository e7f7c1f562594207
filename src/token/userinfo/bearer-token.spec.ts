import { bearerTokenOf } from './bearer-token';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('bearerTokenOf', () => {
  it('reads the Authorization header, whatever the case of the scheme', () => {
    expect(bearerTokenOf({ method: 'GET', headers: { authorization: 'Bearer abc.DEF-_~+/=' } })).toBe('abc.DEF-_~+/=');
    expect(bearerTokenOf({ method: 'GET', headers: { authorization: 'bearer abc' } })).toBe('abc');
  });

  it('reads access_token from a form body on POST only (RFC 6750 §2.2)', () => {
    expect(bearerTokenOf({ method: 'POST', headers: FORM, body: { access_token: 'abc' } })).toBe('abc');
    expect(bearerTokenOf({ method: 'GET', headers: FORM, body: { access_token: 'abc' } })).toBeUndefined();
    expect(
      bearerTokenOf({ method: 'POST', headers: { 'content-type': 'application/json' }, body: { access_token: 'abc' } }),
    ).toBeUndefined();
  });

  it('finds nothing in a request without a token', () => {
    expect(bearerTokenOf({ method: 'GET', headers: {} })).toBeUndefined();
  });

  it('finds no bearer token in a header of another scheme', () => {
    expect(bearerTokenOf({ method: 'GET', headers: { authorization: 'Basic YTpi' } })).toBeUndefined();
  });

  it('refuses a token sent twice or a malformed Bearer header, with a Bearer challenge', () => {
    const twice = { method: 'POST', headers: { ...FORM, authorization: 'Bearer a' }, body: { access_token: 'b' } };
    expect(() => bearerTokenOf(twice)).toThrow(
      expect.objectContaining({ error: 'invalid_request', challenge: 'Bearer' }),
    );
    expect(() => bearerTokenOf({ method: 'GET', headers: { authorization: 'Bearer a b' } })).toThrow(
      expect.objectContaining({ error: 'invalid_request', challenge: 'Bearer' }),
    );
  });
});
