import { validateEnvironment } from '../config/environment';
import { outboundAllowEntries, outboundAllowEntryProblem } from '../config/outbound-allow-setting';
import { OutboundAllowlist } from './outbound-allowlist';

describe('OutboundAllowlist (OUTBOUND_ALLOW)', () => {
  const allow = new OutboundAllowlist(
    outboundAllowEntries('idp.internal, *.corp.example 127.0.0.1 10.20.0.0/16 [::1]'),
  );

  it('allows listed host names whatever their case or trailing dot, and names under a *.domain', () => {
    expect(allow.allowsHost('IDP.internal.')).toBe(true);
    expect(allow.allowsHost('keys.corp.example')).toBe(true);
    expect(allow.allowsHost('corp.example')).toBe(false);
    expect(allow.allowsHost('evil-corp.example')).toBe(false);
    expect(allow.allowsHost('other.internal')).toBe(false);
  });

  it('allows listed addresses and blocks, in their IPv4-mapped IPv6 forms too', () => {
    expect(allow.allowsAddress('127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('::ffff:127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('10.20.3.4')).toBe(true);
    expect(allow.allowsAddress('::1')).toBe(true);
    expect(allow.allowsAddress('127.0.0.2')).toBe(false);
    expect(allow.allowsAddress('10.21.0.1')).toBe(false);
  });

  it('names what is wrong with a bad entry', () => {
    expect(outboundAllowEntryProblem('10.0.0.0/33')).toMatch(/prefix/);
    expect(outboundAllowEntryProblem('http://x')).toMatch(/not a host name/);
    expect(outboundAllowEntryProblem('host.example/8')).toMatch(/not a host name/);
    expect(() => new OutboundAllowlist(['under_score!'])).toThrow(/OUTBOUND_ALLOW/);
  });

  it('stops the start on a bad OUTBOUND_ALLOW entry, naming it', () => {
    expect(() => validateEnvironment({ OUTBOUND_ALLOW: '127.0.0.1, 10.0.0.0/33' })).toThrow(
      /OUTBOUND_ALLOW: 10\.0\.0\.0\/33 has a bad prefix length/,
    );
    // Its entries reach the client through OutboundConfig (src/config/config-slices.spec.ts).
    expect(() => validateEnvironment({ OUTBOUND_ALLOW: '127.0.0.1 idp.internal' })).not.toThrow();
  });
});
