import { bearerToken } from './bearer-token';

describe('bearerToken', () => {
  it('reads the token, whatever the case of the scheme', () => {
    expect(bearerToken('Bearer abc-DEF_123.~+/==')).toBe('abc-DEF_123.~+/==');
    expect(bearerToken('bearer  tok ')).toBe('tok');
  });

  it.each([
    ['no header', undefined],
    ['a list of headers', ['Bearer a', 'Bearer b']],
    ['another scheme', 'Basic YTpi'],
    ['no token', 'Bearer '],
    ['two tokens', 'Bearer a b'],
    ['characters outside b64token', 'Bearer a"b'],
    ['padding in the middle', 'Bearer a=b'],
  ])('finds nothing in %s', (_what, header) => {
    expect(bearerToken(header)).toBeUndefined();
  });
});
