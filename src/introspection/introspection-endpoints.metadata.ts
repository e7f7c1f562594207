import { Injectable, OnModuleInit } from '@nestjs/common';
import { CLIENT_ASSERTION_ALGORITHMS } from '../clients/client-assertion.verifier';
import { DiscoveryRegistry } from '../discovery/discovery.registry';
import { INTROSPECTION_PATH } from './introspection.controller';
import { REVOCATION_PATH } from './revocation.controller';

// The token endpoint's methods: public clients ('none') may introspect and revoke their own tokens.
const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];

/** RFC 8414 §2 fields for introspection (RFC 7662) and revocation (RFC 7009). */
@Injectable()
export class IntrospectionEndpointsMetadata implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryRegistry) {}

  onModuleInit(): void {
    this.discovery.contribute({
      introspection_endpoint: INTROSPECTION_PATH,
      introspection_endpoint_auth_methods_supported: AUTH_METHODS,
      introspection_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
      revocation_endpoint: REVOCATION_PATH,
      revocation_endpoint_auth_methods_supported: AUTH_METHODS,
      revocation_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
    });
  }
}
