import { Injectable } from '@nestjs/common';
import type { JWTPayload } from 'jose';
import { reportedAcr } from '../../authenticators/acr';
import type { Client } from '../../clients/client.entity';
import { SubjectIdentifiers } from '../../clients/subject-identifiers';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { SigningKeyService } from '../../keys/signing-key.service';
import { ScopesService } from '../../scopes/scopes.service';
import { AccessClaimsService } from '../../users/access/access-claims.service';
import type { ClaimsUser } from '../../users/user-claims';
import { UsersService } from '../../users/users.service';
import { requestedAcrValues, requestedClaimNames, type ClaimsRequest } from '../claims-request';
import { idTokenJti } from './id-token-jti';
import { tokenHash } from './token-hash';
import { TokenLifetimes } from './token-lifetimes';

export interface IdTokenRequest {
  client: Client;
  userId: string;
  /** The user (or its claims), when the caller has it already; otherwise loaded only if user claims are due. */
  user?: ClaimsUser;
  scope: readonly string[];
  authTime?: Date | null;
  /** How the user signed in (RFC 8176), as the session had it when the grant was made. */
  amr?: readonly string[];
  /** The browser session (sid), OIDC Front-/Back-Channel Logout. */
  sessionId?: string | null;
  /**
   * The grant the ID token was issued in: token exchange (RFC 8693) bounds what the ID token
   * may be exchanged for by that grant's scope, and ties the exchanged token to it.
   */
  grantId?: string | null;
  nonce?: string | null;
  /** The OIDC `claims` request parameter as granted: only claims the user allowed (AuthorizationRequest.claims). */
  claims?: ClaimsRequest | null;
  /** The access token issued alongside, for at_hash. */
  accessToken?: string;
  /** The code issued alongside in the front channel, for c_hash (hybrid flow). */
  code?: string;
  /**
   * Whether the granted scopes' claims go in the ID Token; by default when no access token is
   * issued alongside. The hybrid `code id_token` response issues one later, at the token endpoint.
   */
  scopeClaims?: boolean;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * Builds and signs ID Tokens (OIDC Core §2, §3.1.3.6, §3.3.2.11) for the token endpoint and
 * the implicit and hybrid flows of the authorization endpoint.
 */
@Injectable()
export class IdTokenIssuer {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly users: UsersService,
    private readonly scopes: ScopesService,
    private readonly lifetimes: TokenLifetimes,
    private readonly access: AccessClaimsService,
    private readonly subjects: SubjectIdentifiers,
  ) {}

  async issue(request: IdTokenRequest): Promise<string> {
    const { client } = request;
    // OIDC Registration §2: the client's registered alg; sign() refuses it when no key signs with it.
    const registered = client.idTokenSignedResponseAlg ?? undefined;
    // The hash must follow the alg the token is signed with; every alg this server signs with
    // today (RS256, PS256, ES256) uses SHA-256, so a rotation between here and sign() is harmless.
    const alg = registered ?? (await this.keys.signingAlgs())[0];
    const iat = Math.floor(Date.now() / 1000);
    const payload: JWTPayload = {
      ...(await this.userClaims(request)),
      sub: this.subjects.of(client, request.userId),
      aud: client.clientId,
      azp: client.clientId,
      iat,
      exp: iat + this.lifetimes.idToken(client),
    };
    if (request.authTime) payload.auth_time = seconds(request.authTime);
    if (request.nonce) payload.nonce = request.nonce;
    if (request.sessionId) payload.sid = request.sessionId;
    payload.jti = idTokenJti(request.grantId);
    // Every ID Token is of a user's sign-in: how (amr) and to what level (acr), asked for or not,
    // so an RP can tell a second factor was used (docs/second-factors.md, "acr and amr").
    const amr = request.amr ?? [];
    if (amr.length > 0) payload.amr = [...amr];
    // OIDC Core §5.5.1.1, §3.1.2.1: of the acr values requested, the first the sign-in meets; else the level reached.
    payload.acr = reportedAcr(amr, requestedAcrValues(request.claims));
    if (request.accessToken !== undefined) payload.at_hash = tokenHash(request.accessToken, alg);
    if (request.code !== undefined) payload.c_hash = tokenHash(request.code, alg);
    return this.keys.sign(payload, { alg: registered });
  }

  /**
   * OIDC Core §5.4: the claims of the granted scopes go in the ID Token only when no access
   * token is issued (the RP reads them from userinfo otherwise); §5.5: claims requested for the
   * ID Token through the claims parameter always do. The grant keeps only those the user allowed
   * and the client may receive (claimsToGrant, consent), so this releases no more.
   */
  private async userClaims(request: IdTokenRequest): Promise<Record<string, unknown>> {
    const names = new Set(requestedClaimNames(request.claims, 'id_token'));
    const scopeClaims = await this.scopes.claimsFor([...request.scope]);
    if (request.scopeClaims ?? request.accessToken === undefined) for (const claim of scopeClaims) names.add(claim);
    names.delete('sub');
    // The groups and roles scope claims go in the ID Token beside an access token too, when the
    // client chose the ID Token for them (client_access_claims.targets); no query otherwise.
    const accessNames = new Set([...names, ...scopeClaims]);
    const access = AccessClaimsService.wanted(accessNames)
      ? await this.access.release({
          userId: request.userId,
          clientId: request.client.clientId,
          claimNames: accessNames,
          target: 'id_token',
        })
      : {};
    // The client's claim mappings (declarative rules; nothing when it has none).
    const mapped = await this.access.mapped({
      clientId: request.client.clientId,
      userId: request.userId,
      scope: request.scope,
      target: 'id_token',
      user: request.user,
    });
    if (names.size === 0) return { ...mapped, ...access };
    const user = request.user ?? (await this.users.findById(request.userId));
    if (!user) throw OAuthErrors.invalidGrant('the user no longer exists');
    return { ...mapped, ...this.users.claimsOf(user, names), ...access };
  }
}
