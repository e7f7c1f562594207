import { Injectable } from '@nestjs/common';
import type { JWTPayload } from 'jose';
import type { Client } from '../../clients/client.entity';
import { ClientsService } from '../../clients/clients.service';
import { OAuthError, OAuthErrors } from '../../common/errors/oauth-error';
import { SigningKeyService } from '../../keys/signing-key.service';

/** An ID token this server issued, presented back as id_token_hint. */
export interface IdTokenHint {
  /** The client it was issued to: a registered one. */
  client: Client;
  /** As its client knows the user: their id, or a pairwise sub (OIDC Core §8). */
  sub: string;
  /** The browser session it came from, if any. */
  sid?: string;
}

// ID tokens are signed with typ JWT; this keeps access tokens (at+jwt) and other JWTs out.
const ID_TOKEN_TYPE = 'JWT';

/**
 * OIDC Core §2: the client an ID token was issued to is its only audience, or its azp when it
 * has several (azp must then be one of them).
 */
export function hintedClientId(payload: JWTPayload): string | undefined {
  const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
  const azp = typeof payload.azp === 'string' ? payload.azp : undefined;
  if (azp !== undefined) return audiences.includes(azp) ? azp : undefined;
  return audiences.length === 1 ? audiences[0] : undefined;
}

@Injectable()
export class IdTokenHintVerifier {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly clients: ClientsService,
  ) {}

  /**
   * OIDC RP-Initiated Logout 1.0 §2: signed with one of our keys, by this issuer, for a
   * registered client. An expired hint is fine: an RP often logs out long after its ID token
   * expired. Anything else is invalid_request.
   */
  async verify(hint: string): Promise<IdTokenHint> {
    let payload: JWTPayload;
    try {
      payload = await this.keys.verify(hint, { allowExpired: true, typ: ID_TOKEN_TYPE });
    } catch (error) {
      if (error instanceof OAuthError && error.error === 'invalid_token')
        throw OAuthErrors.invalidRequest(`id_token_hint is not an ID token of this server: ${error.errorDescription}`);
      throw error;
    }
    const clientId = hintedClientId(payload);
    if (clientId === undefined || typeof payload.sub !== 'string')
      throw OAuthErrors.invalidRequest(
        'id_token_hint is not an ID token of this server: it names no client or subject',
      );
    const client = await this.clients.findById(clientId);
    if (!client) throw OAuthErrors.invalidRequest('id_token_hint was issued to a client that is no longer registered');
    return { client, sub: payload.sub, sid: typeof payload.sid === 'string' ? payload.sid : undefined };
  }
}
