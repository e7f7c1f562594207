import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import { OAuthErrors } from '../../common/errors/oauth-error';
import type { Scope } from '../../scopes/scope.entity';
import { ScopesService } from '../../scopes/scopes.service';

// OIDC Core §3.1.2.1 and §11: these mean something only when a user is signed in.
const USER_ONLY_SCOPES = ['openid', 'offline_access'];

interface ScopeCatalogue {
  known: Set<string>;
  /** openid, offline_access and every scope that releases user claims. */
  userScopes: Set<string>;
}

/**
 * Which scopes a token request may be granted. Reads the scope catalogue ScopesService caches,
 * so the token endpoint's hot path costs no query for it.
 */
@Injectable()
export class ScopePolicy {
  // Built once per catalogue object: ScopesService returns the same array until it reloads.
  private readonly catalogues = new WeakMap<Scope[], ScopeCatalogue>();

  constructor(private readonly scopes: ScopesService) {}

  /** RFC 6749 §3.3 and §5.2 invalid_scope: every requested scope must exist and be allowed to the client. */
  async assertGrantable(requested: readonly string[], client: Client): Promise<void> {
    const { known } = await this.catalogue();
    const unknown = requested.filter((s) => !known.has(s));
    if (unknown.length > 0) throw OAuthErrors.invalidScope(`unknown scope: ${unknown.join(' ')}`);
    const notAllowed = requested.filter((s) => !client.allowedScopes.includes(s));
    if (notAllowed.length > 0)
      throw OAuthErrors.invalidScope(`scope not allowed for this client: ${notAllowed.join(' ')}`);
  }

  /** The scopes that only make sense with a user: openid, offline_access and those releasing claims. */
  async userScopes(): Promise<ReadonlySet<string>> {
    return (await this.catalogue()).userScopes;
  }

  private async catalogue(): Promise<ScopeCatalogue> {
    const all = await this.scopes.findAll();
    let catalogue = this.catalogues.get(all);
    if (!catalogue) {
      catalogue = {
        known: new Set(all.map((s) => s.name)),
        userScopes: new Set([...USER_ONLY_SCOPES, ...all.filter((s) => s.claims.length > 0).map((s) => s.name)]),
      };
      this.catalogues.set(all, catalogue);
    }
    return catalogue;
  }
}
