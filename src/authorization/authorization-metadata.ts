import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryRegistry } from '../discovery/discovery.registry';
import { PROMPT_VALUES } from './request/prompt';
import { RESPONSE_MODES } from './request/authorization-request.validator';

/** What the authorization endpoint serves, for discovery (RFC 8414 §2, OIDC Discovery §3, RFC 9207 §3). */
@Injectable()
export class AuthorizationMetadata implements OnModuleInit {
  constructor(private readonly registry: DiscoveryRegistry) {}

  onModuleInit(): void {
    this.registry.contribute({
      authorization_endpoint: '/oauth2/authorize',
      response_types_supported: ['code'],
      response_modes_supported: [...RESPONSE_MODES],
      // plain is allowed only to clients registered for it, so only S256 is announced.
      code_challenge_methods_supported: ['S256'],
      prompt_values_supported: [...PROMPT_VALUES],
      authorization_response_iss_parameter_supported: true,
      claims_parameter_supported: true,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
    });
  }
}
