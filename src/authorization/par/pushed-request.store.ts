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

export interface FoundPushedRequest extends PushedParameters {
  /** What names it in the table, for `useUp`. */
  referenceHash: string;
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
   * The pushed request a request_uri names, for the client that pushed it, before it expires
   * (anything else is invalid_request_uri, RFC 9101 §6.2). It is not used up here: RFC 9126 §4
   * lets a reload (or a link scanner's fetch) visit it again until an authorization made from it
   * answers the client (`useUp`).
   */
  async find(requestUri: string, clientId: string): Promise<FoundPushedRequest> {
    const reference = requestUri.slice(PUSHED_REQUEST_URI_PREFIX.length);
    if (reference === '' || reference.length > 128) throw OAuthErrors.invalidRequestUri('the request_uri is not valid');
    const referenceHash = hashToken(reference);
    const [row] = (await this.rows.query(
      `SELECT parameters, from_request_object, expires_at FROM pushed_authorization_requests
       WHERE reference_hash = $1 AND client_id = $2`,
      [referenceHash, clientId],
    )) as { parameters: ParameterRecord; from_request_object: boolean; expires_at: Date }[];
    if (!row)
      throw OAuthErrors.invalidRequestUri('the request_uri is unknown, was already used, or belongs to another client');
    if (new Date(row.expires_at).getTime() <= Date.now())
      throw OAuthErrors.invalidRequestUri('the request_uri has expired');
    return { parameters: row.parameters, fromRequestObject: row.from_request_object, referenceHash };
  }

  /**
   * Takes the pushed request out of the table once an authorization made from it answers: in one
   * statement, so of two interactions started from one request_uri exactly one gets to answer.
   * False when it was already used (or is long gone).
   */
  async useUp(referenceHash: string): Promise<boolean> {
    const [rows] = (await this.rows.query(
      'DELETE FROM pushed_authorization_requests WHERE reference_hash = $1 RETURNING 1',
      [referenceHash],
    )) as [unknown[], number];
    return rows.length === 1;
  }
}
