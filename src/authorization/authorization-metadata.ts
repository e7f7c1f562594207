import { Injectable, OnModuleInit } from '@nestjs/common';
import { ACR_VALUES_SUPPORTED } from '../authenticators/acr';
import { SUPPORTED_LANGUAGES } from '../common/i18n/languages';
import { DiscoveryRegistry } from '../discovery/discovery.registry';
import { PROMPT_VALUES } from './request/prompt';
import { RESPONSE_MODES } from './request/response-mode';
import { GrantRegistry } from '../token/grants/grant.registry';
import { parseResponseType } from './request/response-type';

/** What the authorization endpoint serves, for discovery (RFC 8414 §2, OIDC Discovery §3, RFC 9207 §3). */
@Injectable()
export class AuthorizationMetadata implements OnModuleInit {
  constructor(
    private readonly registry: DiscoveryRegistry,
    private readonly grants: GrantRegistry,
  ) {}

  onModuleInit(): void {
    // The grants declare the response types; this endpoint must be able to answer each of them.
    const unanswerable = this.grants.responseTypes().filter((type) => parseResponseType(type) !== type);
    if (unanswerable.length > 0)
      throw new Error(
        `grants declare response types the authorization endpoint cannot answer: ${unanswerable.join(', ')}`,
      );
    this.registry.contribute({
      authorization_endpoint: '/oauth2/authorize',
      // The grants' response types, without those returning an access token unless IMPLICIT_ACCESS_TOKENS.
      response_types_supported: [...this.grants.responseTypes()],
      response_modes_supported: [...RESPONSE_MODES],
      // plain is allowed only to clients registered for it, so only S256 is announced.
      code_challenge_methods_supported: ['S256'],
      prompt_values_supported: [...PROMPT_VALUES],
      // The languages of the pages and mails (locales/*.json), chosen by ui_locales first.
      ui_locales_supported: [...SUPPORTED_LANGUAGES],
      authorization_response_iss_parameter_supported: true,
      claims_parameter_supported: true,
      // OIDC Discovery §3: the acr values a claims request or acr_values may ask for.
      acr_values_supported: [...ACR_VALUES_SUPPORTED],
    });
  }
}
