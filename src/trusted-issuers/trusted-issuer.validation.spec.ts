import { trustedIssuerDefaults, type TrustedIssuerFields } from './trusted-issuer-input';
import { assertValidTrustedIssuer } from './trusted-issuer.validation';

const fields = (f: Partial<TrustedIssuerFields> = {}): TrustedIssuerFields => ({
  ...trustedIssuerDefaults(),
  issuer: 'https://idp.example',
  jwksUri: 'https://idp.example/jwks',
  ...f,
});
const publicJwk = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
};

describe('trusted issuer validation', () => {
  it('accepts an issuer with a jwks_uri, or with inline public keys', () => {
    expect(() => assertValidTrustedIssuer(fields())).not.toThrow();
    expect(() => assertValidTrustedIssuer(fields({ jwksUri: null, jwks: { keys: [publicJwk] } }))).not.toThrow();
    expect(() => assertValidTrustedIssuer(fields({ jwksUri: 'http://127.0.0.1:8080/jwks' }))).not.toThrow();
  });

  it.each<[string, Partial<TrustedIssuerFields>]>([
    ['no keys', { jwksUri: null }],
    ['both key sources', { jwks: { keys: [publicJwk] } }],
    ['a private key', { jwksUri: null, jwks: { keys: [{ ...publicJwk, d: 'secret' }] } }],
    ['an RSA key without its modulus', { jwksUri: null, jwks: { keys: [{ kty: 'RSA', e: 'AQAB' }] } }],
    ['an EC key off its curve', { jwksUri: null, jwks: { keys: [{ ...publicJwk, x: 'AA', y: 'AA' }] } }],
    ['plain http off loopback', { jwksUri: 'http://idp.example/jwks' }],
    ['an issuer with spaces', { issuer: 'my idp' }],
    ['an issuer too long for the replay key', { issuer: `https://${'a'.repeat(250)}` }],
    ['an unknown subject mapping', { subjectMapping: 'magic' }],
    ['a bad scope name', { allowedScopes: ['a"b'] }],
  ])('refuses %s', (_name, f) => {
    expect(() => assertValidTrustedIssuer(fields(f))).toThrow(
      expect.objectContaining({ code: 'invalid_trusted_issuer' }),
    );
  });
});
