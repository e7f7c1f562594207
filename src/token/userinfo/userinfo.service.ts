import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import { ClientsService } from '../../clients/clients.service';
import { SubjectIdentifiers } from '../../clients/subject-identifiers';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { SigningKeyService } from '../../keys/signing-key.service';
import { ScopesService } from '../../scopes/scopes.service';
import { AccessClaimsService } from '../../users/access/access-claims.service';
import { UsersService } from '../../users/users.service';
import type { VerifiedAccessTokenWithUser } from '../access-token.verifier';
import { requestedClaimNames } from '../claims-request';
import type { UserinfoResponse } from './userinfo-response';

/** The UserInfo response (OIDC Core §5.3.2) for a verified access token. */
@Injectable()
export class UserinfoService {
  constructor(
    private readonly users: UsersService,
    private readonly scopes: ScopesService,
    private readonly access: AccessClaimsService,
    private readonly clients: ClientsService,
    private readonly subjects: SubjectIdentifiers,
    private readonly keys: SigningKeyService,
  ) {}

  /**
   * sub, the claims of the granted scopes (OIDC Core §5.4) and those the claims parameter asked
   * for in its userinfo member (§5.5). Claims without a value are left out (§5.3.2). The user
   * comes with the token (AccessTokenVerifier.verifyWithUser), which refuses a disabled one.
   * For a client that registered userinfo_signed_response_alg, the same claims signed (§5.3.2).
   */
  async responseFor(token: VerifiedAccessTokenWithUser, found?: Client | null): Promise<UserinfoResponse> {
    // OIDC Core §5.3: userinfo serves tokens granted the openid scope; RFC 6750 §3.1 names the error.
    if (!token.scope.includes('openid'))
      throw OAuthErrors.insufficientScope('the access token was not granted the openid scope');
    const user = token.user;
    if (!user) throw OAuthErrors.invalidToken('the access token has no active user');
    // From ClientsService's cache, not a query per request (or the caller's read of it); gone only
    // if deleted since the token was checked.
    const client = found === undefined ? await this.clients.findById(token.clientId) : found;
    if (!client) throw OAuthErrors.invalidToken('the access token was issued to a client that is no longer registered');
    const names = await this.scopes.claimsFor(token.scope);
    for (const name of requestedClaimNames(token.claims, 'userinfo')) names.add(name);
    // groups and roles: one more query only when the grant releases them (AccessClaimsService.release).
    const access = await this.access.release({
      userId: user.id,
      clientId: token.clientId,
      claimNames: names,
      target: 'userinfo',
    });
    const mapped = await this.access.mapped({
      clientId: token.clientId,
      userId: user.id,
      scope: token.scope,
      target: 'userinfo',
    });
    // OIDC Core §5.3.2: the sub of the ID token, as this client knows the user (§8).
    const claims = {
      ...mapped,
      ...this.users.claimsOf(user, names),
      ...access,
      sub: this.subjects.of(client, user.id),
    };
    const alg = client.userinfoSignedResponseAlg;
    if (alg === null) return { claims };
    // OIDC Core §5.3.2: signed, it carries iss (sign() sets it, with iat) and aud, the client.
    return { jwt: await this.keys.sign({ ...claims, aud: client.clientId }, { alg }) };
  }
}
