import { Injectable, OnModuleInit } from '@nestjs/common';
import { TOKEN_ENDPOINT_AUTH_SIGNING_ALGS } from '../../clients/client-assertion-algs';
import { TOKEN_ENDPOINT_AUTH_METHODS } from '../../clients/client-authenticator';
import { DiscoveryRegistry } from '../../discovery/discovery.registry';
import { DPOP_SIGNING_ALGS } from '../dpop/dpop-algs';
import { GrantRegistry } from '../grants/grant.registry';
import { USERINFO_PATH } from '../userinfo/userinfo.controller';
import { TOKEN_PATH } from './token-request.pipeline';

/** What the token module serves, announced in the discovery documents (RFC 8414 §2, OIDC Discovery §3). */
@Injectable()
export class TokenEndpointMetadata implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryRegistry,
    private readonly grants: GrantRegistry,
  ) {}

  onModuleInit(): void {
    this.discovery.contribute({
      token_endpoint: TOKEN_PATH,
      token_endpoint_auth_methods_supported: [...TOKEN_ENDPOINT_AUTH_METHODS],
      token_endpoint_auth_signing_alg_values_supported: [...TOKEN_ENDPOINT_AUTH_SIGNING_ALGS],
      dpop_signing_alg_values_supported: [...DPOP_SIGNING_ALGS],
      grant_types_supported: this.grants.grantTypes(),
      userinfo_endpoint: USERINFO_PATH,
      claims_parameter_supported: true,
      // OIDC Core §8: ID tokens, userinfo and introspection give the sub SubjectIdentifiers decides.
      subject_types_supported: ['pairwise'],
    });
  }
}
