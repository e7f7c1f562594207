import { readParameters, TokenRequestParams } from './token-request-params';

describe('readParameters', () => {
  it('reads each parameter once, leaving out those without a value', () => {
    const values = readParameters({ grant_type: 'client_credentials', scope: '' });
    expect([...values]).toEqual([['grant_type', 'client_credentials']]);
  });

  it('refuses a repeated parameter (RFC 6749 §3.1)', () => {
    expect(() => readParameters({ grant_type: ['a', 'b'] })).toThrow(
      expect.objectContaining({
        error: 'invalid_request',
        errorDescription: 'grant_type must not be included more than once',
      }),
    );
  });

  it('refuses values that are not strings and bodies that are not parameter sets', () => {
    expect(() => readParameters({ code: { nested: true } })).toThrow(
      expect.objectContaining({ error: 'invalid_request' }),
    );
    expect(() => readParameters({ expires: 5 })).toThrow(expect.objectContaining({ error: 'invalid_request' }));
    expect(() => readParameters([1, 2])).toThrow(expect.objectContaining({ error: 'invalid_request' }));
    expect(() => readParameters(undefined)).toThrow(expect.objectContaining({ error: 'invalid_request' }));
  });
});

describe('TokenRequestParams', () => {
  it('names a missing required parameter', () => {
    const params = new TokenRequestParams('password', undefined, new Map([['username', 'alice']]));
    expect(params.require('username')).toBe('alice');
    expect(() => params.require('password')).toThrow(
      expect.objectContaining({ error: 'invalid_request', errorDescription: 'password is required' }),
    );
  });
});
