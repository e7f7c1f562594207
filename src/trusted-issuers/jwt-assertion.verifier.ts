import { Injectable } from '@nestjs/common';
import { decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { CLIENT_ASSERTION_ALGORITHMS } from '../clients/client-assertion-algs';
import { OAuthErrors } from '../common/errors/oauth-error';
import { UsedJtiStore } from '../common/replay/used-jti.store';
import { KeySets, type KeySetPolicy } from '../outbound/key-sets';
import type { User } from '../users/user.entity';
import { assertionRejection } from './assertion-rejection';
import { MappedUserLookup } from './mapped-user.lookup';
import { mappedSubjectValue, parseSubjectMapping } from './subject-mapping';
import type { TrustedIssuer } from './trusted-issuer.entity';
import { TrustedIssuersService } from './trusted-issuers.service';

// A long cooldown: assertions with made-up kids cannot turn this server into a load generator.
const ISSUER_KEY_SET_POLICY: KeySetPolicy = { timeoutMs: 3000, cooldownMs: 5 * 60_000, maxAgeMs: 15 * 60_000 };
const CLOCK_TOLERANCE_S = 30;
// An assertion is made for one request; an old one is a replay waiting to happen.
const MAX_AGE_S = 3600;
const MAX_JTI_LENGTH = 255;

/** An assertion that passed every check, its jti now spent. */
export interface VerifiedAssertion {
  issuer: TrustedIssuer;
  user: User;
  payload: JWTPayload;
  expiresAt: Date;
}

/**
 * RFC 7523 §3: a JWT from a trusted issuer, signed with one of its keys (asymmetric algorithms
 * only), naming this server in aud, with exp, an iat no older than an hour, a sub that maps to
 * an enabled local user, and a jti used once (key `${iss}:${jti}`, shared by every replica).
 */
@Injectable()
export class JwtAssertionVerifier {
  constructor(
    private readonly issuers: TrustedIssuersService,
    private readonly keySets: KeySets,
    private readonly mappedUsers: MappedUserLookup,
    private readonly usedJtis: UsedJtiStore,
  ) {}

  /**
   * `clientId` is the client presenting the assertion; `defaultAudience` is what aud may name
   * when the issuer lists no audiences of its own. Failures are invalid_grant (unauthorized_client
   * for a client the issuer does not allow, temporarily_unavailable for unreachable keys).
   */
  async verify(assertion: string, clientId: string, defaultAudience: string[]): Promise<VerifiedAssertion> {
    const issuer = await this.trustedIssuerOf(assertion);
    if (issuer.allowedClientIds.length > 0 && !issuer.allowedClientIds.includes(clientId))
      throw OAuthErrors.unauthorizedClient('this client may not present assertions from this issuer');

    // Validation keeps one of jwks and jwks_uri on every trusted issuer.
    const keys = this.keySets.for(issuer, ISSUER_KEY_SET_POLICY);
    if (!keys) throw OAuthErrors.invalidGrant('the issuer has no keys');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(assertion, keys, {
        issuer: issuer.issuer,
        audience: issuer.allowedAudiences.length > 0 ? issuer.allowedAudiences : defaultAudience,
        algorithms: CLIENT_ASSERTION_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp', 'sub', 'jti'],
      }));
    } catch (error) {
      throw assertionRejection(error);
    }
    const usableUntil = assertFreshness(payload);
    const jti = payload.jti;
    if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH)
      throw OAuthErrors.invalidGrant(`the assertion's jti must be 1 to ${MAX_JTI_LENGTH} characters`);

    const user = await this.userOf(issuer, payload);
    // Spent last, so an assertion refused for another reason can be told apart from a replay.
    if (!(await this.usedJtis.consume(`${issuer.issuer}:${jti}`, new Date(usableUntil * 1000))))
      throw OAuthErrors.invalidGrant('the assertion has already been used (jti replay)');
    return { issuer, user, payload, expiresAt: new Date(payload.exp! * 1000) };
  }

  private async trustedIssuerOf(assertion: string): Promise<TrustedIssuer> {
    let iss: unknown;
    try {
      iss = decodeJwt(assertion).iss;
    } catch {
      throw OAuthErrors.invalidGrant('the assertion is not a well-formed JWT');
    }
    if (typeof iss !== 'string' || iss === '') throw OAuthErrors.invalidGrant('the assertion has no "iss" claim');
    const issuer = await this.issuers.findByIssuer(iss);
    if (!issuer) throw OAuthErrors.invalidGrant("the assertion's issuer is not trusted");
    return issuer;
  }

  private async userOf(issuer: TrustedIssuer, payload: JWTPayload): Promise<User> {
    const mapping = parseSubjectMapping(issuer.subjectMapping);
    if (!mapping) throw OAuthErrors.serverError(`trusted issuer ${issuer.id} has an invalid subject mapping`);
    const value = mappedSubjectValue(mapping, payload);
    if (value === undefined)
      throw OAuthErrors.invalidGrant(`the assertion has no "${mapping.claim}" claim to find the user by`);
    const user = await this.mappedUsers.find(mapping, value);
    if (!user) throw OAuthErrors.invalidGrant("the assertion's subject is not a known user");
    if (user.disabled) throw OAuthErrors.invalidGrant("the assertion's subject can no longer sign in");
    return user;
  }
}

/**
 * RFC 7523 §3 items 4–7: the assertion must be fresh. With iat, it is at most MAX_AGE_S old and
 * not from the future; without, its exp must come within MAX_AGE_S. Returns until when its jti
 * must stay reserved: as long as it could still pass these checks.
 */
function assertFreshness(payload: JWTPayload): number {
  const now = Math.floor(Date.now() / 1000);
  const exp = payload.exp!;
  if (payload.iat === undefined) {
    if (exp > now + MAX_AGE_S + CLOCK_TOLERANCE_S)
      throw OAuthErrors.invalidGrant(`an assertion without iat must expire within ${MAX_AGE_S} seconds`);
    return exp + CLOCK_TOLERANCE_S;
  }
  if (payload.iat > now + CLOCK_TOLERANCE_S)
    throw OAuthErrors.invalidGrant('the assertion is issued in the future (iat)');
  if (payload.iat < now - MAX_AGE_S - CLOCK_TOLERANCE_S)
    throw OAuthErrors.invalidGrant(`the assertion was issued more than ${MAX_AGE_S} seconds ago (iat)`);
  return Math.min(exp, payload.iat + MAX_AGE_S) + CLOCK_TOLERANCE_S;
}
