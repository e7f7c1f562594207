import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { PUSHED_REQUEST_URI_PREFIX, PushedRequestStore } from '../par/pushed-request.store';
import { RequestParameters } from '../request/request-parameters';
import { RemoteRequestObjects } from './remote-request-object';
import { RequestObjectVerifier } from './request-object.verifier';

/** Where the request arrived: the authorization endpoint, or the PAR endpoint (RFC 9126 §2). */
export type RequestChannel = 'authorize' | 'par';

/** The parameters an authorization request really consists of, and how they came. */
export interface ResolvedRequest {
  params: RequestParameters;
  /** Pushed to the PAR endpoint beforehand (RFC 9126), or being pushed now. */
  pushed: boolean;
  /** Taken from a verified request object (RFC 9101). */
  fromRequestObject: boolean;
  /** The pushed request a request_uri named: used up when the authorization answers (PushedRequestStore.useUp). */
  pushedRequest?: string;
}

/**
 * Turns what the browser (or the PAR client) sent into the request's real parameters: a
 * pushed request (request_uri urn:ietf:params:oauth:request_uri:...), a request object by value
 * (request) or by reference (request_uri the client registered), or the parameters as sent.
 * The client was looked up by the client_id sent alongside, which every form must carry.
 */
@Injectable()
export class RequestSource {
  constructor(
    private readonly pushedRequests: PushedRequestStore,
    private readonly requestObjects: RequestObjectVerifier,
    private readonly remote: RemoteRequestObjects,
  ) {}

  async resolve(client: Client, sent: RequestParameters, channel: RequestChannel): Promise<ResolvedRequest> {
    for (const name of ['request', 'request_uri'])
      if (sent.isMalformed(name)) throw OAuthErrors.invalidRequest(`${name} is given more than once`);
    const requestUri = sent.get('request_uri');
    const request = sent.get('request');
    if (requestUri !== undefined && request !== undefined)
      throw OAuthErrors.invalidRequest('request and request_uri cannot be used together');

    if (requestUri !== undefined) {
      // RFC 9126 §2.1: a pushed request cannot itself point elsewhere.
      if (channel === 'par') throw OAuthErrors.invalidRequest('request_uri cannot be pushed');
      if (requestUri.startsWith(PUSHED_REQUEST_URI_PREFIX)) {
        const pushed = await this.pushedRequests.find(requestUri, client.clientId);
        return {
          params: new RequestParameters(pushed.parameters),
          pushed: true,
          fromRequestObject: pushed.fromRequestObject,
          pushedRequest: pushed.referenceHash,
        };
      }
      const jwt = await this.remote.fetch(client, requestUri);
      return { params: await this.fromRequestObject(client, sent, jwt), pushed: false, fromRequestObject: true };
    }
    if (request !== undefined)
      return {
        params: await this.fromRequestObject(client, sent, request),
        pushed: channel === 'par',
        fromRequestObject: true,
      };
    return { params: sent, pushed: channel === 'par', fromRequestObject: false };
  }

  /**
   * RFC 9101 §6.3: only the request object's parameters count; those sent beside it are
   * ignored, except client_id (which found the client the object is verified for) and, for
   * OIDC Core §6.1 clients that repeat it outside, a response_type that must then agree.
   */
  private async fromRequestObject(client: Client, sent: RequestParameters, jwt: string): Promise<RequestParameters> {
    const parameters = await this.requestObjects.verify(client, jwt);
    const responseType = sent.get('response_type');
    if (
      responseType !== undefined &&
      parameters.response_type !== undefined &&
      responseType !== parameters.response_type
    )
      throw OAuthErrors.invalidRequest('response_type differs from the request object');
    return new RequestParameters({ ...parameters, client_id: client.clientId });
  }
}
