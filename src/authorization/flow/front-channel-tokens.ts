import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import type { GrantSummary } from '../../token/issuing/grant-summary';
import { IdTokenIssuer } from '../../token/issuing/id-token.issuer';
import { TokenIssuer } from '../../token/issuing/token-issuer';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import type { AuthorizationRequest } from '../request/authorization-request';
import { returnsAccessToken, returnsCode, returnsIdToken } from '../request/response-type';

/**
 * The tokens the implicit and hybrid flows return from the authorization endpoint (OIDC Core
 * §3.2.2.5 and §3.3.2.5, RFC 6749 §4.2.2), as response parameters. Never a refresh token
 * (RFC 6749 §4.2.2): one comes only from the token endpoint, for a hybrid flow's code.
 */
@Injectable()
export class FrontChannelTokens {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly idTokens: IdTokenIssuer,
  ) {}

  async issue(
    client: Client,
    request: AuthorizationRequest,
    session: BrowserSession,
    grant: GrantSummary,
    code: string | undefined,
  ): Promise<Record<string, string>> {
    const params: Record<string, string> = {};
    let accessToken: string | undefined;
    if (returnsAccessToken(request.responseType)) {
      // Tied to the grant, so revoking it (logout, code replay) ends this token too.
      const issued = await this.tokens.issue({ client, scope: request.scope, grant });
      accessToken = issued.access_token;
      params.access_token = issued.access_token;
      params.token_type = issued.token_type;
      params.expires_in = String(issued.expires_in);
      if (issued.scope !== undefined) params.scope = issued.scope;
    }
    if (returnsIdToken(request.responseType)) {
      params.id_token = await this.idTokens.issue({
        client,
        userId: session.userId,
        scope: request.scope,
        authTime: session.authTime,
        amr: session.amr,
        sessionId: session.id,
        grantId: grant.id,
        nonce: request.nonce,
        claims: grant.claims,
        // OIDC Core §3.3.2.11 at_hash and c_hash bind the ID Token to what came with it.
        accessToken,
        code,
        // OIDC Core §5.4: scope claims go in the ID Token only when no access token is issued;
        // with a code, one will be, and the RP reads the claims from userinfo.
        scopeClaims: accessToken === undefined && !returnsCode(request.responseType),
      });
    }
    return params;
  }
}
