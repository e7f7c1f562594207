import { Injectable } from '@nestjs/common';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Client } from '../../clients/client.entity';
import { CLIENT_KEY_SET_POLICY } from '../../clients/client-key-set-policy';
import {
  FAPI2_SIGNING_ALGS,
  REQUEST_OBJECT_SIGNING_ALGS,
  UNSIGNED_REQUEST_OBJECT,
} from '../../clients/request-object-algs';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { AppConfig } from '../../config/app-config';
import { KeySets } from '../../outbound/key-sets';
import type { ParameterRecord } from '../request/request-parameters';
import { requestObjectParameters } from './request-object-claims';

const CLOCK_TOLERANCE_S = 30;
// FAPI 2.0 Message Signing §5.3.2: exp no more than 60 minutes after nbf; the same bound for all.
const MAX_LIFETIME_S = 3600;
const MAX_LENGTH = 32 * 1024;
// RFC 9101 §10.8: explicit typing, when the client sets one.
const ACCEPTED_TYPES = ['oauth-authz-req+jwt', 'jwt'];

/**
 * A request object (RFC 9101, OIDC Core §6.1): a JWT signed with one of the client's registered
 * keys (jwks or jwks_uri), iss the client_id, aud this issuer, an exp when there not far off
 * (and, with an nbf at most an hour old, required under the FAPI 2.0 profile). Unsigned (alg
 * none) is accepted from a client that registered request_object_signing_alg none or no alg at all
 * (OIDC Registration §2: "any algorithm supported by the OP and the RP"), never from one that
 * registered a signing alg, requires signed request objects or follows FAPI 2.0: an unsigned
 * object says no more than the query would.
 * Returns the authorization request parameters it holds. Every failure is invalid_request_object.
 */
@Injectable()
export class RequestObjectVerifier {
  constructor(
    private readonly keySets: KeySets,
    private readonly config: AppConfig,
  ) {}

  async verify(client: Client, jwt: string): Promise<ParameterRecord> {
    if (jwt.length > MAX_LENGTH) throw OAuthErrors.invalidRequestObject('the request object is too large');
    let alg: string | undefined;
    let typ: string | undefined;
    try {
      ({ alg, typ } = decodeProtectedHeader(jwt));
    } catch {
      throw OAuthErrors.invalidRequestObject('the request object is not a JWT');
    }
    if (typ !== undefined && !ACCEPTED_TYPES.includes(typ.toLowerCase().replace(/^application\//, '')))
      throw OAuthErrors.invalidRequestObject(`a request object's typ must be oauth-authz-req+jwt, not ${typ}`);
    const payload = alg === UNSIGNED_REQUEST_OBJECT ? this.unsigned(client, jwt) : await this.signed(client, jwt);
    // RFC 9101 §5: client_id in the object, when there, is the client's (the query's is checked by the caller).
    if (payload.client_id !== undefined && payload.client_id !== client.clientId)
      throw OAuthErrors.invalidRequestObject("the request object's client_id is not the client's");
    // RFC 9101 §6.3 and §4: request_uri and request do not nest.
    if ('request' in payload || 'request_uri' in payload)
      throw OAuthErrors.invalidRequestObject('a request object cannot hold request or request_uri');
    return requestObjectParameters(payload);
  }

  private unsigned(client: Client, jwt: string): JWTPayload {
    if (!acceptsUnsigned(client))
      throw OAuthErrors.invalidRequestObject('unsigned request objects are not accepted from this client');
    // An unsecured JWT (RFC 7519 §6) ends with an empty signature.
    if (!jwt.endsWith('.')) throw OAuthErrors.invalidRequestObject('an alg none request object has no signature');
    try {
      return decodeJwt(jwt);
    } catch {
      throw OAuthErrors.invalidRequestObject('the request object is not a JWT');
    }
  }

  private async signed(client: Client, jwt: string): Promise<JWTPayload> {
    const keys = this.keySets.for(client, CLIENT_KEY_SET_POLICY);
    if (!keys) throw OAuthErrors.invalidRequestObject('the client has no registered keys to verify request objects');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(jwt, keys, {
        issuer: client.clientId,
        audience: this.config.issuer,
        algorithms: this.algorithmsFor(client),
        clockTolerance: CLOCK_TOLERANCE_S,
        // FAPI 2.0 Message Signing §5.3.2: exp and nbf. That nbf is at most 60 minutes old
        // follows from the lifetime bound below, exp being in the future.
        requiredClaims: client.fapi2SecurityProfile ? ['exp', 'nbf'] : [],
      }));
    } catch (error) {
      throw OAuthErrors.invalidRequestObject(`the request object was rejected: ${reason(error)}`);
    }
    if (payload.exp === undefined) return payload;
    const now = Math.floor(Date.now() / 1000);
    const from = typeof payload.nbf === 'number' ? payload.nbf : typeof payload.iat === 'number' ? payload.iat : now;
    if (payload.exp - Math.min(from, now) > MAX_LIFETIME_S + CLOCK_TOLERANCE_S)
      throw OAuthErrors.invalidRequestObject(`a request object must expire within ${MAX_LIFETIME_S} seconds`);
    return payload;
  }

  private algorithmsFor(client: Client): string[] {
    const supported: readonly string[] = client.fapi2SecurityProfile ? FAPI2_SIGNING_ALGS : REQUEST_OBJECT_SIGNING_ALGS;
    const registered = client.requestObjectSigningAlg;
    if (registered !== null && registered !== UNSIGNED_REQUEST_OBJECT) return supported.filter((a) => a === registered);
    return [...supported];
  }
}

function acceptsUnsigned(client: Client): boolean {
  if (client.requireSignedRequestObject || client.fapi2SecurityProfile) return false;
  return client.requestObjectSigningAlg === null || client.requestObjectSigningAlg === UNSIGNED_REQUEST_OBJECT;
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no registered key of the client matches';
  if (error instanceof errors.JWKSTimeout) return 'the client jwks_uri did not answer in time';
  if (error instanceof errors.JOSEError) return error.message;
  return 'the client keys could not be fetched';
}
