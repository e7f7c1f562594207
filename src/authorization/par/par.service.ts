import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ClientAuthenticator } from '../../clients/client-authenticator';
import { OAuthError, OAuthErrors } from '../../common/errors/oauth-error';
import { AppConfig } from '../../config/app-config';
import { DpopProofVerifier } from '../../token/dpop/dpop-proof.verifier';
import { assertAcceptedMediaType, TOKEN_PATH } from '../../token/endpoint/token-request.pipeline';
import { AuthorizationRequestValidator } from '../request/authorization-request.validator';
import type { ParameterRecord } from '../request/request-parameters';
import { PAR_PATH, PUSHED_REQUEST_TTL_SECONDS } from './par-paths';
import { PushedRequestStore } from './pushed-request.store';

export interface PushedAuthorizationResponse {
  request_uri: string;
  expires_in: number;
}

// RFC 9126 §2.1: the client authenticates as at the token endpoint; these are not request parameters.
const CLIENT_AUTHENTICATION_PARAMETERS = ['client_secret', 'client_assertion', 'client_assertion_type'];

/**
 * RFC 9126 §2: the client authenticates, its authorization request is validated exactly as the
 * authorization endpoint would (a request object in it verified, RFC 9126 §3), and kept for one
 * use within PUSHED_REQUEST_TTL_SECONDS. Errors are JSON (§2.3), never redirects.
 */
@Injectable()
export class ParService {
  private readonly audience: string[];

  constructor(
    private readonly authenticator: ClientAuthenticator,
    private readonly validator: AuthorizationRequestValidator,
    private readonly store: PushedRequestStore,
    private readonly dpop: DpopProofVerifier,
    config: AppConfig,
  ) {
    // RFC 9126 §2: a client assertion's aud may be the issuer, the token endpoint or this endpoint.
    this.audience = [config.issuer, `${config.issuer}${TOKEN_PATH}`, `${config.issuer}${PAR_PATH}`];
  }

  async push(req: Request): Promise<PushedAuthorizationResponse> {
    assertAcceptedMediaType(req, 'pushed authorization request');
    const client = await this.authenticator.authenticate(req, this.audience);
    const proof = await this.dpop.forPushedRequest(req, client, PAR_PATH);
    const body = { ...(req.body as Record<string, unknown>) };
    for (const name of CLIENT_AUTHENTICATION_PARAMETERS) delete body[name];
    // The authenticator checked a client_id sent beside Basic credentials or an assertion.
    body.client_id = client.clientId;
    let validated;
    try {
      validated = await this.validator.validate(body, 'par');
    } catch (error) {
      // §2.3: the error goes to the client in the response, not to a redirect_uri.
      if (error instanceof OAuthError) error.redirect = undefined;
      throw error;
    }
    if (validated.client.clientId !== client.clientId) throw OAuthErrors.invalidRequest('client_id mismatch');
    if (proof) bindToProofKey(validated.resolved!.parameters, proof.jkt);
    const requestUri = await this.store.push(client.clientId, validated.resolved, PUSHED_REQUEST_TTL_SECONDS);
    return { request_uri: requestUri, expires_in: PUSHED_REQUEST_TTL_SECONDS };
  }
}

/**
 * RFC 9449 §10.1: a DPoP proof at PAR binds the code as dpop_jkt does; both given, they must agree.
 * Set on the kept parameters, so it holds whether they came as form fields or a request object.
 */
function bindToProofKey(parameters: ParameterRecord, jkt: string): void {
  if (parameters.dpop_jkt !== undefined && parameters.dpop_jkt !== jkt)
    throw OAuthErrors.invalidDpopProof('dpop_jkt does not match the key of the DPoP proof');
  parameters.dpop_jkt = jkt;
}
