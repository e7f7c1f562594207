import { parseTrustProxy } from './trust-proxy';

describe('TRUST_PROXY', () => {
  it('trusts no proxy when unset, empty, false or 0', () => {
    for (const raw of [undefined, '', 'false', '0']) expect(parseTrustProxy(raw)).toEqual({ trust: false });
  });

  it('takes a number of hops', () => {
    expect(parseTrustProxy('1')).toEqual({ trust: 1 });
    expect(parseTrustProxy('2')).toEqual({ trust: 2 });
    expect(parseTrustProxy('11')).toEqual({ error: expect.stringMatching(/at most 10/) });
  });

  it('reads true as one hop, with a warning, instead of trusting every hop', () => {
    expect(parseTrustProxy('true')).toEqual({ trust: 1, warning: expect.stringMatching(/TRUST_PROXY=1/) });
  });

  it('takes a comma-separated list of proxy addresses and CIDR ranges', () => {
    expect(parseTrustProxy('10.0.0.0/8, 192.168.1.7,fd00::/8,loopback')).toEqual({
      trust: ['10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'loopback'],
    });
  });

  it('refuses anything else, naming the entries it cannot read', () => {
    expect(parseTrustProxy('yes')).toEqual({ error: expect.stringContaining('not an address or CIDR: yes') });
    expect(parseTrustProxy('10.0.0.0/33,::1')).toEqual({ error: expect.stringContaining(': 10.0.0.0/33') });
    expect(parseTrustProxy('10.0.0.1/8/8')).toHaveProperty('error');
    expect(parseTrustProxy('10.0.0.0/x')).toHaveProperty('error');
    expect(parseTrustProxy('-1')).toHaveProperty('error');
  });
});
