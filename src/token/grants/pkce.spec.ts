import { codeVerifierMatches, isWellFormedCodeVerifier } from './pkce';

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE', () => {
  it('matches the S256 example of RFC 7636 Appendix B', () => {
    expect(codeVerifierMatches(VERIFIER, CHALLENGE, 'S256')).toBe(true);
    expect(codeVerifierMatches(VERIFIER.replace('d', 'e'), CHALLENGE, 'S256')).toBe(false);
  });

  it('compares plain verifiers as they are, and never a plain verifier against an S256 challenge', () => {
    expect(codeVerifierMatches(VERIFIER, VERIFIER, 'plain')).toBe(true);
    expect(codeVerifierMatches(CHALLENGE, CHALLENGE, 'S256')).toBe(false);
  });

  it('accepts 43 to 128 unreserved characters as a verifier (RFC 7636 §4.1)', () => {
    expect(isWellFormedCodeVerifier(VERIFIER)).toBe(true);
    expect(isWellFormedCodeVerifier('a'.repeat(42))).toBe(false);
    expect(isWellFormedCodeVerifier('a'.repeat(129))).toBe(false);
    expect(isWellFormedCodeVerifier(`${'a'.repeat(43)}+`)).toBe(false);
  });
});
