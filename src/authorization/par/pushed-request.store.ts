import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { hashToken, newOpaqueToken } from '../../token/opaque-token';
import type { ParameterRecord } from '../request/request-parameters';
import { PushedRequest } from './pushed-request.entity';

/** RFC 9126 §2.2: the request_uri is a URN with a random, unguessable reference. */
export const PUSHED_REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';

export interface PushedParameters {
  parameters: ParameterRecord;
  fromRequestObject: boolean;
}

/** Pushed authorization requests in Postgres, so any replica redeems what another accepted. */
@Injectable()
export class PushedRequestStore {
  constructor(@InjectRepository(PushedRequest) private readonly rows: Repository<PushedRequest>) {}

  /** Keeps the request for `ttlSeconds`; returns its request_uri. */
  async push(clientId: string, pushed: PushedParameters, ttlSeconds: number): Promise<string> {
    const reference = newOpaqueToken();
    await this.rows.insert({
      referenceHash: hashToken(reference),
      clientId,
      parameters: pushed.parameters,
      fromRequestObject: pushed.fromRequestObject,
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
    });
    return PUSHED_REQUEST_URI_PREFIX + reference;
  }

  /**
   * RFC 9126 §4: the request_uri is used once, by the client that pushed it, before it expires.
   * Taken out of the table in one statement, so of two concurrent uses exactly one gets it.
   * Anything else is invalid_request_uri (RFC 9101 §6.2).
   */
  async consume(requestUri: string, clientId: string): Promise<PushedParameters> {
    const reference = requestUri.slice(PUSHED_REQUEST_URI_PREFIX.length);
    if (reference === '' || reference.length > 128) throw OAuthErrors.invalidRequestUri('the request_uri is not valid');
    const [rows] = (await this.rows.query(
      `DELETE FROM pushed_authorization_requests WHERE reference_hash = $1 AND client_id = $2
       RETURNING parameters, from_request_object, expires_at`,
      [hashToken(reference), clientId],
    )) as [{ parameters: ParameterRecord; from_request_object: boolean; expires_at: Date }[], number];
    const row = rows[0];
    if (!row)
      throw OAuthErrors.invalidRequestUri('the request_uri is unknown, was already used, or belongs to another client');
    if (new Date(row.expires_at).getTime() <= Date.now())
      throw OAuthErrors.invalidRequestUri('the request_uri has expired');
    return { parameters: row.parameters, fromRequestObject: row.from_request_object };
  }
}
