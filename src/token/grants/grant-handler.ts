import type { Type } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import type { GrantTypeDeclaration } from '../../clients/grant-type-declaration';
import type { TokenRequestParams } from '../endpoint/token-request-params';
import type { TokenResponse } from '../issuing/token-response';

export interface TokenRequestContext {
  /** The client's address, for lockout and audit. */
  ip: string;
  /** RFC 9449: the thumbprint of the key of the request's DPoP proof; tokens are bound to it. */
  dpopJkt?: string;
}

/**
 * One grant type at the token endpoint. The pipeline has already authenticated the client,
 * checked it may use this grant and that any requested scope exists and is allowed to it.
 */
export interface GrantHandler {
  /** The grant_type value (RFC 6749 §4, or an extension URI). */
  readonly grantType: string;
  /** The request parameters the grant reads besides grant_type; the others are dropped. */
  readonly parameters: readonly string[];
  /**
   * RFC 8707 `resource` (when a parameter): by default the pipeline refuses a resource that is not
   * an API resource allowed to the client; true when the grant has rules of its own (token exchange).
   */
  readonly checksResourcesItself?: boolean;
  handle(params: TokenRequestParams, client: Client, ctx: TokenRequestContext): Promise<TokenResponse>;
}

/** A grant handler's class, which declares what the rest of the system needs to know of the grant. */
export interface GrantClass extends Type<GrantHandler> {
  readonly declaration: GrantTypeDeclaration;
}

/** The injection token of every grant type's declaration (see grant-handlers.ts). */
export const GRANT_TYPE_DECLARATIONS = Symbol('GRANT_TYPE_DECLARATIONS');

/** The injection token under which every grant handler is collected (see grant-handlers.ts). */
export const GRANT_HANDLERS = Symbol('GRANT_HANDLERS');
