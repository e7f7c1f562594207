import { Injectable, OnModuleInit } from '@nestjs/common';
import { TOKEN_ENDPOINT_AUTH_SIGNING_ALGS } from '../clients/client-assertion-algs';
import { TOKEN_ENDPOINT_AUTH_METHODS } from '../clients/client-authenticator';
import { DiscoveryRegistry } from '../discovery/discovery.registry';
import { INTROSPECTION_PATH } from './introspection.controller';
import { REVOCATION_PATH } from './revocation.controller';

// The token endpoint's methods: public clients ('none') may introspect and revoke their own tokens.
const AUTH_METHODS = [...TOKEN_ENDPOINT_AUTH_METHODS];
const SIGNING_ALGS = [...TOKEN_ENDPOINT_AUTH_SIGNING_ALGS];

/** RFC 8414 §2 fields for introspection (RFC 7662) and revocation (RFC 7009). */
@Injectable()
export class IntrospectionEndpointsMetadata implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryRegistry) {}

  onModuleInit(): void {
    this.discovery.contribute({
      introspection_endpoint: INTROSPECTION_PATH,
      introspection_endpoint_auth_methods_supported: AUTH_METHODS,
      introspection_endpoint_auth_signing_alg_values_supported: SIGNING_ALGS,
      revocation_endpoint: REVOCATION_PATH,
      revocation_endpoint_auth_methods_supported: AUTH_METHODS,
      revocation_endpoint_auth_signing_alg_values_supported: SIGNING_ALGS,
    });
  }
}
