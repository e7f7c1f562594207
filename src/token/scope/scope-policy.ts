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

  /**
   * The one rule for a requested scope, at the authorization, device authorization and token
   * endpoints alike. RFC 6749 §3.3 lets the server "fully or partially ignore the scope requested"
   * and say so in the response's scope: a known scope the client may not ask for is dropped
   * (the token response then names the scope granted, §5.1). Refused with invalid_scope (§5.2,
   * §4.1.2.1): a scope this server does not know (a typo or an API that does not exist, which the
   * client had better hear of) and a request of which nothing is allowed.
   */
  async grantable(requested: readonly string[], client: Client): Promise<string[]> {
    let { known } = await this.catalogue();
    // A scope just made elsewhere (the CLI, another replica) is known once the cache is read again.
    if (requested.some((s) => !known.has(s))) ({ known } = await this.catalogue(true));
    const unknown = requested.filter((s) => !known.has(s));
    if (unknown.length > 0) throw OAuthErrors.invalidScope(`unknown scope: ${unknown.join(' ')}`);
    const granted = requested.filter((s) => client.allowedScopes.includes(s));
    if (granted.length === 0)
      throw OAuthErrors.invalidScope(`none of the requested scopes is allowed for this client: ${requested.join(' ')}`);
    return granted;
  }

  /** The scopes that only make sense with a user: openid, offline_access and those releasing claims. */
  async userScopes(): Promise<ReadonlySet<string>> {
    return (await this.catalogue()).userScopes;
  }

  private async catalogue(fresh = false): Promise<ScopeCatalogue> {
    const all = await (fresh ? this.scopes.findAllFresh() : this.scopes.findAll());
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
