import { RequestParameters } from './request-parameters';

describe('RequestParameters', () => {
  it('treats empty values as absent (RFC 6749 §3.1)', () => {
    const params = new RequestParameters({ state: '', scope: 'openid' });
    expect(params.get('state')).toBeUndefined();
    expect(params.has('state')).toBe(false);
    expect(params.get('scope')).toBe('openid');
  });

  it('flags repeated parameters and non-string values', () => {
    const params = new RequestParameters({ scope: ['openid', 'email'], claims: { userinfo: {} }, state: 'x' });
    expect(params.malformed).toEqual(['scope', 'claims']);
    expect(params.isMalformed('scope')).toBe(true);
    expect(params.get('scope')).toBeUndefined();
    expect(params.has('claims')).toBe(true);
  });

  it('reads nothing from a missing body', () => {
    expect(new RequestParameters(undefined).malformed).toEqual([]);
  });
});
