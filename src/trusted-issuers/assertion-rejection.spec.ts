import { errors } from 'jose';
import { assertionRejection } from './assertion-rejection';

describe('assertionRejection', () => {
  it('says why an assertion is refused, as invalid_grant', () => {
    const payload = {};
    expect(assertionRejection(new errors.JWTExpired('x', payload, 'exp'))).toMatchObject({
      error: 'invalid_grant',
      errorDescription: 'the assertion has expired',
    });
    expect(assertionRejection(new errors.JWTClaimValidationFailed('x', payload, 'aud'))).toMatchObject({
      errorDescription: 'the assertion is not meant for this server (aud)',
    });
    expect(assertionRejection(new errors.JWTClaimValidationFailed('x', payload, 'jti', 'missing'))).toMatchObject({
      errorDescription: "the assertion has no 'jti' claim",
    });
    expect(assertionRejection(new errors.JWSSignatureVerificationFailed())).toMatchObject({
      errorDescription: "the assertion's signature does not verify with the issuer's keys",
    });
  });

  it('answers temporarily_unavailable when the keys could not be fetched', () => {
    for (const error of [
      new errors.JWKSTimeout(),
      new TypeError('fetch failed'),
      new errors.JOSEError('Expected 200 OK from the JSON Web Key Set HTTP response'),
    ])
      expect(assertionRejection(error)).toMatchObject({ error: 'temporarily_unavailable', status: 503 });
  });

  it("answers invalid_grant when one of the issuer's stored keys cannot be imported", () => {
    expect(assertionRejection(new DOMException('Invalid keyData', 'DataError'))).toMatchObject({
      error: 'invalid_grant',
      errorDescription: "the assertion's signature does not verify with the issuer's keys",
    });
  });

  it('rethrows what is not about the assertion', () => {
    const bug = new RangeError('bug');
    expect(() => assertionRejection(bug)).toThrow(bug);
  });
});
