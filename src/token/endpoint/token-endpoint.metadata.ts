import { Injectable, OnModuleInit } from '@nestjs/common';
import { CLIENT_ASSERTION_ALGORITHMS } from '../../clients/client-assertion.verifier';
import { DiscoveryRegistry } from '../../discovery/discovery.registry';
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
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
      token_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
      grant_types_supported: this.grants.grantTypes(),
      userinfo_endpoint: USERINFO_PATH,
      claims_parameter_supported: true,
    });
  }
}
