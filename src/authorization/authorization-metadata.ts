import { Injectable, OnModuleInit } from '@nestjs/common';
import { ACR_VALUES_SUPPORTED } from '../authenticators/acr';
import { DiscoveryRegistry } from '../discovery/discovery.registry';
import { PROMPT_VALUES } from './request/prompt';
import { RESPONSE_MODES } from './request/response-mode';
import { RESPONSE_TYPES } from './request/response-type';

/** What the authorization endpoint serves, for discovery (RFC 8414 §2, OIDC Discovery §3, RFC 9207 §3). */
@Injectable()
export class AuthorizationMetadata implements OnModuleInit {
  constructor(private readonly registry: DiscoveryRegistry) {}

  onModuleInit(): void {
    this.registry.contribute({
      authorization_endpoint: '/oauth2/authorize',
      response_types_supported: [...RESPONSE_TYPES],
      response_modes_supported: [...RESPONSE_MODES],
      // The implicit grant has no token endpoint handler: it is served here (RFC 6749 §4.2).
      grant_types_supported: ['implicit'],
      // plain is allowed only to clients registered for it, so only S256 is announced.
      code_challenge_methods_supported: ['S256'],
      prompt_values_supported: [...PROMPT_VALUES],
      authorization_response_iss_parameter_supported: true,
      claims_parameter_supported: true,
      // OIDC Discovery §3: the acr values a claims request or acr_values may ask for.
      acr_values_supported: [...ACR_VALUES_SUPPORTED],
    });
  }
}
