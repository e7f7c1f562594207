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

  it('lets resource repeat (RFC 8707 §2) and keeps it in the record', () => {
    const params = new RequestParameters({ resource: ['https://a.example.com/', 'urn:b'], scope: 'openid' });
    expect(params.malformed).toEqual([]);
    expect(params.resources()).toEqual(['https://a.example.com/', 'urn:b']);
    expect(params.toRecord()).toEqual({ scope: 'openid', resource: ['https://a.example.com/', 'urn:b'] });
    expect(new RequestParameters({ resource: 'urn:b' }).toRecord()).toEqual({ resource: 'urn:b' });
    expect(() => new RequestParameters({ resource: 'https://a.example.com/#f' }).resources()).toThrow(
      expect.objectContaining({ error: 'invalid_target' }),
    );
  });

  it('reads nothing from a missing body', () => {
    expect(new RequestParameters(undefined).malformed).toEqual([]);
  });
});
