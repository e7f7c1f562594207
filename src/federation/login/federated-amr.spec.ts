import { federatedAmr } from './federated-amr';

describe('federatedAmr', () => {
  it('says fed, then the methods the upstream reported', () => {
    expect(federatedAmr(['pwd', 'mfa'])).toEqual(['fed', 'pwd', 'mfa']);
    expect(federatedAmr(undefined)).toEqual(['fed']);
  });

  it('keeps only method tokens, once each, and a bounded number of them', () => {
    expect(federatedAmr(['fed', 'pwd', 'pwd', 42, 'with space', ''])).toEqual(['fed', 'pwd']);
    expect(federatedAmr(Array.from({ length: 20 }, (_, i) => `m${i}`))).toHaveLength(8);
  });
});
