import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import { SubjectIdentifiers } from '../../clients/subject-identifiers';
import type { GrantTypeDeclaration } from '../../clients/grant-type-declaration';
import { OAuthErrors } from '../../common/errors/oauth-error';
import type { TokenRequestParams } from '../endpoint/token-request-params';
import { delegatedTo, type ActorClaim } from '../exchange/actor-claim';
import { assertExchangeAllowed } from '../exchange/exchange-policy';
import { exchangedScope } from '../exchange/exchanged-scope';
import { ExchangedTokenIssuer, type TokenExchangeResponse } from '../exchange/exchanged-token.issuer';
import type { PresentedToken } from '../exchange/presented-token';
import { PresentedTokenValidator } from '../exchange/presented-token.validator';
import { readTokenExchangeRequest, TOKEN_EXCHANGE_PARAMETERS } from '../exchange/token-exchange-request';
import { ResourcePolicy } from '../resources/resource-policy';
import type { GrantHandler, TokenRequestContext } from './grant-handler';

/**
 * RFC 8693 token exchange: a client trades a user's token for a new access token, narrower in
 * scope and aimed at another audience. With an actor_token it is delegation, and the actor is
 * recorded in act (§4.1); without, impersonation. The client's token_exchange_policy says which
 * of these it may do, with which subject token types and for which audiences.
 */
@Injectable()
export class TokenExchangeGrant implements GrantHandler {
  static readonly declaration: GrantTypeDeclaration = {
    grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
    label: 'Token exchange',
    help: 'Trades one token for another (RFC 8693); its policy is set through the admin API.',
    needsRedirectUris: false,
    confidentialOnly: false,
    // Its policy (token_exchange_policy) is an operator's to set.
    registrable: false,
    yieldsRefreshTokens: false,
    responseTypes: [],
  };
  readonly grantType = TokenExchangeGrant.declaration.grantType;
  readonly parameters = TOKEN_EXCHANGE_PARAMETERS;
  // Its targets are the client's token exchange policy's (allowed_audiences), not only API resources.
  readonly checksResourcesItself = true;

  constructor(
    private readonly presented: PresentedTokenValidator,
    private readonly tokens: ExchangedTokenIssuer,
    private readonly resources: ResourcePolicy,
    private readonly subjects: SubjectIdentifiers,
  ) {}

  async handle(params: TokenRequestParams, client: Client, ctx: TokenRequestContext): Promise<TokenExchangeResponse> {
    const request = readTokenExchangeRequest(params);
    assertExchangeAllowed(client.tokenExchangePolicy, request);

    const subject = await this.presented.validate(request.subject, 'subject_token', client);
    if (subject.userId === null)
      throw OAuthErrors.invalidRequest('the subject_token stands for no user: only user tokens can be exchanged');
    const actor = request.actor && (await this.presented.validate(request.actor, 'actor_token', client));
    assertProofOfBinding(subject, 'subject_token', ctx.dpopJkt);
    if (actor) assertProofOfBinding(actor, 'actor_token', ctx.dpopJkt);
    // RFC 8707: for API resources, their scopes only and their lifetime.
    const target = await this.resources.exchangeTarget(
      request.targets,
      exchangedScope(params.scope, subject, client),
      client,
    );

    return this.tokens.issue({
      client,
      subject: { ...subject, userId: subject.userId },
      scope: target.scope,
      audience: request.targets,
      lifetime: target.expiresIn,
      // Impersonating a token that was itself delegated keeps its chain: who acted stays on record.
      act: actor ? delegatedTo(this.actorOf(actor, client), subject.act) : subject.act,
      notAfter: new Date(Math.min(subject.expiresAt.getTime(), actor?.expiresAt.getTime() ?? Infinity)),
      dpopJkt: ctx.dpopJkt,
    });
  }

  /**
   * RFC 8693 §4.1: the actor is named by its subject, a user (as the exchanging client knows
   * them, OIDC Core §8) or a client acting for itself.
   */
  private actorOf(actor: PresentedToken, client: Client): Omit<ActorClaim, 'act'> {
    const sub = actor.userId !== null ? this.subjects.of(client, actor.userId) : actor.clientId!;
    return actor.clientId !== null ? { sub, client_id: actor.clientId } : { sub };
  }
}

/**
 * RFC 9449 §7.2: a DPoP-bound token is worth nothing without its key, so an exchange may not
 * turn it into a token without that binding: the request must carry a proof by the same key,
 * and the new token is bound to it too.
 */
function assertProofOfBinding(token: PresentedToken, role: string, proofJkt: string | undefined): void {
  if (token.dpopJkt !== null && token.dpopJkt !== proofJkt)
    throw OAuthErrors.invalidRequest(`the ${role} is DPoP-bound: the request needs a DPoP proof by its key`);
}
