import { hintedClientId } from './id-token-hint';

describe('hintedClientId', () => {
  it('is the only audience', () => {
    expect(hintedClientId({ aud: 'rp' })).toBe('rp');
    expect(hintedClientId({ aud: ['rp'] })).toBe('rp');
    expect(hintedClientId({ aud: 'rp', azp: 'rp' })).toBe('rp');
  });

  it('is azp among several audiences, and only when azp is one of them', () => {
    expect(hintedClientId({ aud: ['rp', 'api'], azp: 'rp' })).toBe('rp');
    expect(hintedClientId({ aud: ['rp', 'api'] })).toBeUndefined();
    expect(hintedClientId({ aud: 'rp', azp: 'other' })).toBeUndefined();
  });

  it('is undefined without an audience', () => {
    expect(hintedClientId({})).toBeUndefined();
    expect(hintedClientId({ aud: [] })).toBeUndefined();
  });
});
