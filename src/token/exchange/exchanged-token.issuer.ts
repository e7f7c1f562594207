import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { JWTPayload } from 'jose';
import type { Client } from '../../clients/client.entity';
import { SubjectIdentifiers } from '../../clients/subject-identifiers';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { TokenTypeUri } from '../../clients/token-exchange-policy';
import { AppConfig } from '../../config/app-config';
import { SigningKeyService } from '../../keys/signing-key.service';
import { GRANT_ID_CLAIM, JWT_ACCESS_TOKEN_TYPE } from '../issuing/access-token.issuer';
import { TokenLifetimes } from '../issuing/token-lifetimes';
import type { TokenResponse } from '../issuing/token-response';
import { formatScope } from '../scope/scope-parameter';
import type { ActorClaim } from './actor-claim';
import type { PresentedToken } from './presented-token';

/** RFC 8693 §2.2.1: the token response, which also says what was issued. */
export interface TokenExchangeResponse extends TokenResponse {
  issued_token_type: string;
}

export interface ExchangedTokenRequest {
  client: Client;
  subject: PresentedToken & { userId: string };
  scope: string[];
  /** The audience and resource asked for; none: this server's own APIs (the issuer). */
  audience: string[];
  /** RFC 8693 §4.1: set for delegation, or carried over from a subject obtained by delegation. */
  act?: ActorClaim;
  /** The earliest expiry of the tokens presented: an exchange never extends access. */
  notAfter: Date;
  /** Seconds, when the audience asks for its own (an API resource's access_token_ttl); else the client's. */
  lifetime?: number;
  /** RFC 9449 §6: the thumbprint of the key of the request's DPoP proof, to bind the token to. */
  dpopJkt?: string;
}

/**
 * Exchanged access tokens are always RFC 9068 JWTs, whatever the client's access_token_format:
 * their aud and act travel in the token, so nothing is stored, and introspection reads them from
 * it. The claims are those of AccessTokenIssuer's JWTs plus aud and act; grant_id ties the token
 * to the subject's grant, so revoking that grant (logout, reuse, an admin) ends it too.
 */
@Injectable()
export class ExchangedTokenIssuer {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly lifetimes: TokenLifetimes,
    private readonly config: AppConfig,
    private readonly subjects: SubjectIdentifiers,
  ) {}

  async issue(request: ExchangedTokenRequest): Promise<TokenExchangeResponse> {
    const { client, subject, scope, audience, act } = request;
    const iat = Math.floor(Date.now() / 1000);
    const remaining = Math.floor(request.notAfter.getTime() / 1000) - iat;
    const expiresIn = Math.max(1, Math.min(request.lifetime ?? this.lifetimes.accessToken(client), remaining));
    // OIDC Core §8: the user as the client knows them. A pairwise sub names no one by itself, so
    // the token must carry the grant its user is found by (AccessTokenVerifier).
    const sub = this.subjects.of(client, subject.userId);
    if (sub !== subject.userId && !subject.grantId)
      throw OAuthErrors.invalidRequest(
        'the subject_token belongs to no grant, which a client with pairwise subject identifiers needs',
      );
    const claims: JWTPayload = {
      sub,
      aud: audience.length === 0 ? this.config.issuer : audience.length === 1 ? audience[0] : audience,
      client_id: client.clientId,
      scope: formatScope(scope),
      jti: randomBytes(16).toString('base64url'),
      iat,
      exp: iat + expiresIn,
    };
    if (subject.authTime) claims.auth_time = Math.floor(subject.authTime.getTime() / 1000);
    if (subject.grantId) claims[GRANT_ID_CLAIM] = subject.grantId;
    if (act) claims.act = act;
    if (request.dpopJkt !== undefined) claims.cnf = { jkt: request.dpopJkt };

    const response: TokenExchangeResponse = {
      access_token: await this.keys.sign(claims, { typ: JWT_ACCESS_TOKEN_TYPE }),
      issued_token_type: TokenTypeUri.AccessToken,
      token_type: request.dpopJkt === undefined ? 'Bearer' : 'DPoP',
      expires_in: expiresIn,
    };
    if (scope.length > 0) response.scope = formatScope(scope);
    return response;
  }
}
