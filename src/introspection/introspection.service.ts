import { Injectable } from '@nestjs/common';
import { decodeJwt } from 'jose';
import type { Client } from '../clients/client.entity';
import { ClientsService } from '../clients/clients.service';
import { SubjectIdentifiers } from '../clients/subject-identifiers';
import { AppConfig } from '../config/app-config';
import { ApiResourcesService } from '../scopes/api-resources/api-resources.service';
import { ScopesService } from '../scopes/scopes.service';
import { AccessTokenVerifier, looksLikeJwt } from '../token/access-token.verifier';
import { readActorClaim } from '../token/exchange/actor-claim';
import { hashToken } from '../token/opaque-token';
import { ActiveTokenLookup } from '../token/storage/active-token.lookup';
import { AccessClaimsService } from '../users/access/access-claims.service';
import type { IntrospectedToken } from './introspected-token';
import { mayIntrospect } from './introspection-access';
import { activeTokenIntrospection, INACTIVE, type TokenIntrospection } from './introspection-response';

/**
 * RFC 7662 §2. The token's shape says where to look, so token_type_hint is not needed (§2.1
 * lets the server ignore it): an opaque token of either kind is one primary-key lookup, and only
 * access tokens are ever JWTs.
 */
@Injectable()
export class IntrospectionService {
  constructor(
    private readonly storedTokens: ActiveTokenLookup,
    private readonly accessTokens: AccessTokenVerifier,
    private readonly config: AppConfig,
    private readonly scopes: ScopesService,
    private readonly access: AccessClaimsService,
    private readonly resources: ApiResourcesService,
    private readonly clients: ClientsService,
    private readonly subjects: SubjectIdentifiers,
  ) {}

  async introspect(caller: Client, token: string): Promise<TokenIntrospection> {
    const found = looksLikeJwt(token) ? await this.findJwt(token) : await this.storedTokens.find(hashToken(token));
    if (!found || !mayIntrospect(caller, found, await this.introspectsFor(caller, found))) return INACTIVE;
    const response = activeTokenIntrospection(found, this.config.issuer);
    if (found.userId !== null) {
      const sub = await this.subjectOf(caller, found.clientId, found.userId);
      if (sub === null) return INACTIVE;
      response.sub = sub;
    }
    return { ...response, ...(await this.accessClaims(found)) };
  }

  /**
   * OIDC Core §8: the user as the token's client knows them, as in its ID tokens and JWT access
   * tokens, whoever asks. The caller is that client but for resource servers, whose lookup is
   * answered from ClientsService's cache. Null when the client was deleted meanwhile (its tokens
   * go with it).
   */
  private async subjectOf(caller: Client, clientId: string, userId: string): Promise<string | null> {
    const client = clientId === caller.clientId ? caller : await this.clients.findById(clientId);
    return client ? this.subjects.of(client, userId) : null;
  }

  /** The API resources the caller is the resource server of; from the cached catalogue, no query. */
  private async introspectsFor(caller: Client, found: IntrospectedToken): Promise<readonly string[]> {
    if (found.clientId === caller.clientId) return [];
    return (await this.resources.catalogue()).introspectedBy(caller.clientId);
  }

  /**
   * RFC 7662 §2.2 allows further claims: the user's groups and roles, when the token's scopes
   * carry them and its client wants them in introspection. No query for other tokens.
   */
  private async accessClaims(found: IntrospectedToken): Promise<Record<string, unknown>> {
    if (found.kind !== 'access_token') return {};
    const mapped = await this.access.mapped({
      clientId: found.clientId,
      userId: found.userId,
      scope: found.scope,
      target: 'introspection',
    });
    if (found.userId === null) return mapped;
    const claimNames = await this.scopes.claimsFor(found.scope);
    const access = await this.access.release({
      userId: found.userId,
      clientId: found.clientId,
      claimNames,
      target: 'introspection',
    });
    return { ...mapped, ...access };
  }

  /** Checked by AccessTokenVerifier (signature, exp, client, user, grant, revoked jti). */
  private async findJwt(token: string): Promise<IntrospectedToken | null> {
    // Tokens exchanged for other audiences (RFC 8693) are this server's to report on too.
    const verified = await this.accessTokens.findWithUser(token, { anyAudience: true });
    if (!verified) return null;
    const { aud, act } = decodeJwt(token);
    return {
      kind: 'access_token',
      clientId: verified.clientId,
      userId: verified.userId,
      username: verified.user?.username ?? null,
      scope: verified.scope,
      audience: typeof aud === 'string' ? [aud] : (aud ?? []),
      issuedAt: verified.issuedAt,
      expiresAt: verified.expiresAt,
      jti: verified.jti,
      act: readActorClaim(act),
      dpopJkt: verified.dpopJkt,
      authTime: verified.authTime,
      amr: verified.amr,
    };
  }
}
