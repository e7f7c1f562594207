import { Injectable } from '@nestjs/common';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import type { Client } from '../clients/client.entity';
import { AccessTokenVerifier, looksLikeJwt } from '../token/access-token.verifier';
import { AuthorizationGrantService } from '../token/authorization-grants/authorization-grant.service';
import { hashToken } from '../token/opaque-token';
import { RevokedJtiStore } from '../token/storage/revoked-jti.store';
import { TokenRevocationStore } from '../token/storage/token-revocation.store';

/**
 * RFC 7009 §2.1: a client revokes its own tokens. A token that is unknown, already dead or
 * another client's is left alone without saying so (§2.2: the response is 200 either way).
 */
@Injectable()
export class RevocationService {
  constructor(
    private readonly storedTokens: TokenRevocationStore,
    private readonly grants: AuthorizationGrantService,
    private readonly accessTokens: AccessTokenVerifier,
    private readonly revokedJtis: RevokedJtiStore,
    private readonly audit: AuditService,
  ) {}

  /**
   * The hint only orders the search (§2.1), and the token's shape orders it already, so it is not
   * read; §2.2: "An invalid token type hint value is ignored by the authorization server and does
   * not influence the revocation response."
   */
  async revoke(caller: Client, token: string): Promise<void> {
    if (looksLikeJwt(token)) return this.revokeJwt(caller, token);
    const revoked = await this.storedTokens.revokeOwn(hashToken(token), caller.clientId);
    // RFC 7009 §2.1: revoking a refresh token SHOULD revoke the access tokens of its grant too;
    // an access token alone is revoked without its grant.
    if (revoked?.kind === 'refresh_token' && revoked.grantId !== null)
      await this.grants.revoke(revoked.grantId, 'token_revocation');
    if (revoked?.newlyRevoked) await this.recordRevoked(caller, revoked.kind, revoked.userId);
  }

  /** For the audit trail and webhooks (oauth.token_revoked); never the token itself. */
  private recordRevoked(caller: Client, tokenType: string, userId: string | null): Promise<void> {
    return this.audit.record({
      actor: `client:${caller.clientId}`,
      type: AuditEventType.TokenRevoked,
      subject: userId,
      details: { token_type: tokenType, client_id: caller.clientId },
    });
  }

  /** A JWT is not stored: its jti is listed until it expires, and AccessTokenVerifier refuses it. */
  private async revokeJwt(caller: Client, token: string): Promise<void> {
    const verified = await this.accessTokens.find(token, { anyAudience: true });
    if (verified?.clientId !== caller.clientId || verified.jti === undefined) return;
    await this.revokedJtis.record(verified.jti, caller.clientId, verified.expiresAt);
    await this.recordRevoked(caller, 'access_token', verified.userId ?? null);
  }
}
