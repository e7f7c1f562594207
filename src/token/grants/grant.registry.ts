import { Inject, Injectable } from '@nestjs/common';
import type { GrantTypeDeclaration } from '../../clients/grant-type-declaration';
import { GrantTypeCatalogue } from '../../clients/grant-type-catalogue';
import { AuthorizationConfig } from '../../config/authorization.config';
import { GRANT_HANDLERS, GRANT_TYPE_DECLARATIONS, type GrantHandler } from './grant-handler';
import { grantTypesFor, responseTypesOf, returnsFrontChannelAccessToken } from './response-types';

/**
 * The grant handlers by grant_type, and the grant types' declarations for everyone else. At
 * start it hands the declarations to the clients module (which imports no protocol code) and
 * checks that every handler has one.
 */
@Injectable()
export class GrantRegistry {
  private readonly handlers: ReadonlyMap<string, GrantHandler>;
  private readonly enabledResponseTypes: readonly string[];

  constructor(
    @Inject(GRANT_HANDLERS) handlers: GrantHandler[],
    @Inject(GRANT_TYPE_DECLARATIONS) private readonly declarations: readonly GrantTypeDeclaration[],
    catalogue: GrantTypeCatalogue,
    config: AuthorizationConfig,
  ) {
    const byType = new Map<string, GrantHandler>();
    for (const handler of handlers) {
      if (byType.has(handler.grantType)) throw new Error(`grant type ${handler.grantType} is registered twice`);
      if (!declarations.some((d) => d.grantType === handler.grantType))
        throw new Error(`grant type ${handler.grantType} has no declaration (see grant-handlers.ts)`);
      byType.set(handler.grantType, handler);
    }
    this.handlers = byType;
    catalogue.declare(declarations);
    // RFC 9700 §2.1.2: no access token in the front channel unless the operator turns it on.
    this.enabledResponseTypes = responseTypesOf(declarations).filter(
      (r) => config.implicitAccessTokens || !returnsFrontChannelAccessToken(r),
    );
  }

  get(grantType: string): GrantHandler | undefined {
    return this.handlers.get(grantType);
  }

  /** For grant_types_supported (RFC 8414 §2): every declared grant, the implicit one too. */
  grantTypes(): string[] {
    return this.declarations.map((d) => d.grantType);
  }

  /** For response_types_supported, registration and the authorization endpoint: those this server answers now. */
  responseTypes(): readonly string[] {
    return this.enabledResponseTypes;
  }

  /** OIDC Registration §2: the grant types a client must be registered for to use a response type. */
  grantTypesFor(responseType: string): string[] {
    return grantTypesFor(this.declarations, responseType);
  }
}
