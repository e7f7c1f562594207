import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Client } from '../../clients/client.entity';
import { sendAuthorizationResponse } from '../../common/errors/error-redirect';
import { AppConfig } from '../../config/app-config';
import { TokenConfig } from '../../config/token.config';
import { AuthorizationCodeService, FAPI2_MAX_CODE_TTL_SECONDS } from '../../token/authorization-code.service';
import type { AuthorizationGrant } from '../../token/authorization-grants/authorization-grant.entity';
import { AuthorizationGrantService } from '../../token/authorization-grants/authorization-grant.service';
import type { NewAuthorizationGrant } from '../../token/authorization-grants/grant-insert';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import type { AuthorizationRequest } from '../request/authorization-request';
import { returnsCode } from '../request/response-type';
import { FrontChannelTokens } from './front-channel-tokens';

/**
 * Ends a successful authorization request: a grant, then what the response type asks for (a
 * code, tokens, or both), sent to the RP in the request's response mode.
 */
@Injectable()
export class AuthorizationResponse {
  constructor(
    private readonly grants: AuthorizationGrantService,
    private readonly codes: AuthorizationCodeService,
    private readonly frontChannelTokens: FrontChannelTokens,
    private readonly config: AppConfig,
    private readonly tokenConfig: TokenConfig,
  ) {}

  /** RFC 6749 §4.1.2 and §4.2.2, OIDC Core §3.3.2.5, with RFC 9207 `iss`. */
  async send(res: Response, client: Client, request: AuthorizationRequest, session: BrowserSession): Promise<void> {
    const { grant, code } = await this.grantAndCode(client, request, session);
    const params: Record<string, string> = {
      ...(code === undefined ? {} : { code }),
      ...(await this.frontChannelTokens.issue(client, request, session, grant, code)),
    };
    if (request.state !== undefined) params.state = request.state;
    params.iss = this.config.issuer;
    sendAuthorizationResponse(res, request.redirectUri, request.responseMode, params);
  }

  /** The grant, and the code when the response type has one: both in one statement then. */
  private async grantAndCode(
    client: Client,
    request: AuthorizationRequest,
    session: BrowserSession,
  ): Promise<{ grant: AuthorizationGrant; code?: string }> {
    const grant: NewAuthorizationGrant = {
      clientId: request.clientId,
      userId: session.userId,
      sessionId: session.id,
      scope: request.scope,
      resources: request.resources,
      claims: claimsOf(request),
      authTime: session.authTime,
      amr: session.amr,
      expiresAt: new Date(Date.now() + this.tokenConfig.refreshTokenAbsoluteTtl * 1000),
    };
    if (!returnsCode(request.responseType)) return { grant: await this.grants.create(grant) };
    // The nonce goes with the code: the token endpoint's ID Token must carry it too (OIDC Core §2, §3.3.3.6).
    return this.codes.issueWithGrant(
      grant,
      {
        clientId: request.clientId,
        userId: session.userId,
        sessionId: session.id,
        redirectUri: request.redirectUri,
        scope: request.scope,
        claims: claimsOf(request),
        nonce: request.nonce ?? null,
        codeChallenge: request.codeChallenge ?? null,
        codeChallengeMethod: request.codeChallengeMethod ?? null,
        authTime: session.authTime,
        amr: session.amr,
        dpopJkt: request.dpopJkt ?? null,
      },
      // FAPI 2.0 Security Profile §5.3.2.1: authorization codes live at most 60 seconds.
      client.fapi2SecurityProfile ? FAPI2_MAX_CODE_TTL_SECONDS : undefined,
    );
  }
}

const claimsOf = (request: AuthorizationRequest) => (request.claims as Record<string, unknown> | undefined) ?? null;
