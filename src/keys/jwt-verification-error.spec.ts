import { errors } from 'jose';
import { OAuthError } from '../common/errors/oauth-error';
import { jwtVerificationError } from './jwt-verification-error';

describe('jwtVerificationError', () => {
  const claims = { sub: 'x' };

  it.each([
    [new errors.JWTExpired('exp', claims, 'exp'), 'the token has expired'],
    [new errors.JWTClaimValidationFailed('iss', claims, 'iss'), "the token's 'iss' claim is invalid"],
    [new errors.JWTClaimValidationFailed('typ', claims, 'typ'), 'the token has the wrong type'],
    [new errors.JWKSNoMatchingKey(), 'the token was not signed by this server'],
    [new errors.JWSSignatureVerificationFailed(), 'the token was not signed by this server'],
    [new errors.JOSEAlgNotAllowed('none'), 'the token was not signed by this server'],
    [new errors.JWSInvalid('bad'), 'the token is malformed'],
  ])('turns %p into invalid_token', (error, description) => {
    const oauthError = jwtVerificationError(error);
    expect(oauthError).toBeInstanceOf(OAuthError);
    expect(oauthError.toJSON()).toEqual({ error: 'invalid_token', error_description: description });
    expect(oauthError.status).toBe(401);
  });

  it('lets an error that is not about the token through', () => {
    expect(() => jwtVerificationError(new TypeError('bad option'))).toThrow(TypeError);
  });
});
