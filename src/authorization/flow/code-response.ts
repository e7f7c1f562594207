import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { sendAuthorizationResponse } from '../../common/errors/error-redirect';
import { AppConfig } from '../../config/app-config';
import { AuthorizationCodeService } from '../../token/authorization-code.service';
import { GrantService } from '../../token/grant.service';
import type { BrowserSession } from '../entities/browser-session.entity';
import type { AuthorizationRequest } from '../request/authorization-request';

/** Ends a successful authorization request: a grant, a code, and the response to the RP. */
@Injectable()
export class CodeResponse {
  constructor(
    private readonly grants: GrantService,
    private readonly codes: AuthorizationCodeService,
    private readonly config: AppConfig,
  ) {}

  /** RFC 6749 §4.1.2 with RFC 9207 `iss`, in the request's response mode. */
  async send(res: Response, request: AuthorizationRequest, session: BrowserSession): Promise<void> {
    const grant = await this.grants.create({
      clientId: request.clientId,
      userId: session.userId,
      sessionId: session.id,
      scope: request.scope,
      claims: (request.claims as Record<string, unknown> | undefined) ?? null,
      authTime: session.authTime,
      amr: session.amr,
      expiresAt: new Date(Date.now() + this.config.refreshTokenAbsoluteTtl * 1000),
    });
    const code = await this.codes.issue({
      grantId: grant.id,
      clientId: request.clientId,
      userId: session.userId,
      sessionId: session.id,
      redirectUri: request.redirectUri,
      scope: request.scope,
      claims: (request.claims as Record<string, unknown> | undefined) ?? null,
      nonce: request.nonce ?? null,
      codeChallenge: request.codeChallenge ?? null,
      codeChallengeMethod: request.codeChallengeMethod ?? null,
      authTime: session.authTime,
      amr: session.amr,
    });
    const params: Record<string, string> = { code };
    if (request.state !== undefined) params.state = request.state;
    params.iss = this.config.issuer;
    sendAuthorizationResponse(res, request.redirectUri, request.responseMode, params);
  }
}
