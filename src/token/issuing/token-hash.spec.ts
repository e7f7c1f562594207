import { tokenHash } from './token-hash';

describe('tokenHash', () => {
  it('matches the at_hash example of OIDC Core §3.1.3.6 (Appendix A.3)', () => {
    expect(tokenHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).toBe('77QmUPtjPfzWtF2AnpK9RQ');
  });

  it('uses the hash that goes with the alg', () => {
    expect(tokenHash('token', 'ES384')).toHaveLength(32);
    expect(tokenHash('token', 'PS512')).toHaveLength(43);
    expect(() => tokenHash('token', 'none')).toThrow();
  });
});
