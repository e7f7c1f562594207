import { isLoopbackHttp, issuerProblem } from './upstream-issuer';

describe('upstream issuers', () => {
  it('accepts https issuers, with or without a path', () => {
    expect(issuerProblem('https://accounts.example.com')).toBeUndefined();
    expect(issuerProblem('https://login.example.com/tenant/v2.0')).toBeUndefined();
  });

  it('accepts plain http only on loopback', () => {
    expect(issuerProblem('http://127.0.0.1:4000')).toBeUndefined();
    expect(issuerProblem('http://localhost:4000')).toBeUndefined();
    expect(issuerProblem('http://[::1]:4000')).toBeUndefined();
    expect(issuerProblem('http://idp.example.com')).toMatch(/https/);
    expect(issuerProblem('http://127.0.0.1.example.com')).toMatch(/https/);
  });

  it('refuses what is not an issuer identifier', () => {
    expect(issuerProblem('not a url')).toMatch(/absolute URL/);
    expect(issuerProblem('https://idp.example.com?tenant=1')).toMatch(/query or fragment/);
    expect(issuerProblem('https://idp.example.com#x')).toMatch(/query or fragment/);
    expect(issuerProblem('https://user:pw@idp.example.com')).toMatch(/credentials/);
    expect(issuerProblem('ftp://idp.example.com')).toMatch(/https/);
  });

  it('allows insecure requests to loopback http issuers only', () => {
    expect(isLoopbackHttp(new URL('http://127.0.0.1:1'))).toBe(true);
    expect(isLoopbackHttp(new URL('https://127.0.0.1:1'))).toBe(false);
    expect(isLoopbackHttp(new URL('http://10.0.0.1'))).toBe(false);
  });
});
