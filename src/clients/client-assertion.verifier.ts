import { Injectable } from '@nestjs/common';
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { OAuthErrors } from '../common/errors/oauth-error';
import { UsedJtiStore } from '../common/replay/used-jti.store';
import { AppConfig } from '../config/app-config';
import { KeySets } from '../outbound/key-sets';
import type { Client } from './client.entity';
import { assertionAlgsFor } from './client-assertion-algs';
import { CLIENT_KEY_SET_POLICY } from './client-key-set-policy';
import { ClientNotProven } from './client-not-proven.error';
import { ClientSecretSealer } from './client-secret-sealer';

const CLOCK_TOLERANCE_S = 30;
// An assertion is made for one request; a long-lived one is a replay waiting to happen.
const MAX_LIFETIME_S = 600;
const MAX_FUTURE_IAT_S = 60;
const MAX_JTI_LENGTH = 255;

/**
 * private_key_jwt and client_secret_jwt (OIDC Core §9, RFC 7523 §3): a JWT signed with a key of the
 * client (or an HMAC under its secret), whose iss and sub are the client_id, whose aud names this
 * server and no other (an array naming another audience is refused: an assertion made for another
 * server that lists this one's endpoint could be replayed here, OpenID Foundation advisory of
 * 2025), the issuer alone as a string under the FAPI 2.0 profile (§5.3.2.1), with exp and a
 * single-use jti. Signed with an alg of the client's method (assertionAlgsFor), and with its
 * token_endpoint_auth_signing_alg when it registered one (OIDC Registration §2).
 */
@Injectable()
export class ClientAssertionVerifier {
  constructor(
    private readonly keySets: KeySets,
    private readonly usedJtis: UsedJtiStore,
    private readonly secrets: ClientSecretSealer,
    private readonly config: AppConfig,
  ) {}

  async verify(client: Client, assertion: string, audience: string[]): Promise<void> {
    const options = {
      issuer: client.clientId,
      subject: client.clientId,
      audience,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['exp', 'jti'],
      algorithms: assertionAlgs(client),
    };
    let payload: JWTPayload;
    try {
      if (client.tokenEndpointAuthMethod === 'client_secret_jwt') {
        ({ payload } = await jwtVerify(assertion, this.secretOf(client), options));
      } else {
        const keys = this.keySets.for(client, CLIENT_KEY_SET_POLICY);
        if (!keys) throw new ClientNotProven('the client has no registered keys');
        ({ payload } = await jwtVerify(assertion, keys, options));
      }
    } catch (error) {
      // jose checks the claims only once the signature is good: then the client is proven.
      if (error instanceof ClientNotProven) throw error;
      if (error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTExpired)
        throw OAuthErrors.invalidClient(`client assertion rejected: ${reason(error)}`);
      if (error instanceof errors.JOSEAlgNotAllowed)
        throw new ClientNotProven(`client assertion rejected: ${algRefusal(client, assertion)}`);
      throw new ClientNotProven(`client assertion rejected: ${reason(error)}`);
    }
    this.assertAudienceIsOnlyThis(client, payload.aud, audience);
    const now = Math.floor(Date.now() / 1000);
    if (payload.exp! > now + MAX_LIFETIME_S + CLOCK_TOLERANCE_S)
      throw OAuthErrors.invalidClient(`client assertion must expire within ${MAX_LIFETIME_S} seconds`);
    // FAPI 2.0 Security Profile §5.3.2.1 (clock skew): an iat more than 60 s ahead is refused, as nbf is.
    if (typeof payload.iat === 'number' && payload.iat > now + MAX_FUTURE_IAT_S)
      throw OAuthErrors.invalidClient('client assertion iat is in the future');
    const jti = payload.jti;
    if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH)
      throw OAuthErrors.invalidClient(`client assertion jti must be 1 to ${MAX_JTI_LENGTH} characters`);
    // Kept while the assertion could still pass the exp check, i.e. including the tolerance.
    const usableUntil = new Date((payload.exp! + CLOCK_TOLERANCE_S) * 1000);
    if (!(await this.usedJtis.consume(`${client.clientId}:${jti}`, usableUntil)))
      throw OAuthErrors.invalidClient('client assertion has already been used (jti replay)');
    // The HMAC matched: only the secret's holder learns it has expired (as with client_secret_basic).
    if (client.tokenEndpointAuthMethod === 'client_secret_jwt' && client.clientSecretExpiresAt)
      if (client.clientSecretExpiresAt.getTime() <= Date.now())
        throw OAuthErrors.invalidClient('the client secret has expired');
  }

  private assertAudienceIsOnlyThis(client: Client, aud: JWTPayload['aud'], audience: string[]): void {
    if (client.fapi2SecurityProfile && aud !== this.config.issuer)
      throw OAuthErrors.invalidClient('client assertion aud must be the issuer identifier, as a string (FAPI 2.0)');
    if (Array.isArray(aud) && !aud.every((value) => audience.includes(value)))
      throw OAuthErrors.invalidClient('client assertion aud must name this server only');
  }

  /** OIDC Core §16.19: the HMAC key is the UTF-8 octets of the client secret. */
  private secretOf(client: Client): Uint8Array {
    if (!client.clientSecretEncrypted) throw new ClientNotProven('the client has no stored secret to verify with');
    return new TextEncoder().encode(this.secrets.open(client.clientSecretEncrypted));
  }
}

/**
 * OIDC Registration §2: with token_endpoint_auth_signing_alg registered, every assertion of the
 * client must be signed with that alg, and jose refuses any other before it looks for a key.
 */
function assertionAlgs(client: Client): string[] {
  const registered = client.tokenEndpointAuthSigningAlg;
  return assertionAlgsFor(client).filter((alg) => registered === null || alg === registered);
}

/** For the audit trail (ClientNotProven): which alg the assertion had, and which it needed. */
function algRefusal(client: Client, assertion: string): string {
  const alg = String(decodeProtectedHeader(assertion).alg);
  return client.tokenEndpointAuthSigningAlg === null
    ? `it is signed with ${alg}, not one of ${assertionAlgs(client).join(', ')}`
    : `it is signed with ${alg}, not ${client.tokenEndpointAuthSigningAlg}, the client's token_endpoint_auth_signing_alg`;
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWKSTimeout) return 'the client jwks_uri did not answer in time';
  if (error instanceof errors.JOSEError) return error.message;
  return 'the client keys could not be fetched';
}
