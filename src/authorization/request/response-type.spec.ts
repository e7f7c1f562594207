import { parseResponseType, RESPONSE_TYPES, returnsTokens } from './response-type';

describe('response types', () => {
  it('reads the words in any order (RFC 6749 §3.1.1) and answers in the canonical order', () => {
    expect(parseResponseType('code')).toBe('code');
    expect(parseResponseType('token id_token')).toBe('id_token token');
    expect(parseResponseType('id_token code')).toBe('code id_token');
    expect(parseResponseType('token id_token code')).toBe('code id_token token');
    expect(parseResponseType('token')).toBe('token');
    expect(parseResponseType('none')).toBe('none');
  });

  it('knows nothing else: unknown or repeated words, none, or no word at all', () => {
    for (const value of ['nonsense', 'code code', 'code none', 'none none', '', ' ', undefined])
      expect(parseResponseType(value)).toBeUndefined();
  });

  it('reads every canonical value as itself', () => {
    for (const type of RESPONSE_TYPES) expect(parseResponseType(type)).toBe(type);
  });

  it('tells which response types return tokens from the authorization endpoint', () => {
    expect(RESPONSE_TYPES.filter(returnsTokens)).toEqual(RESPONSE_TYPES.filter((t) => t !== 'code' && t !== 'none'));
  });
});
