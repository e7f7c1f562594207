/**
 * The metadata a feature module may add to the discovery documents: the fields of RFC 8414 §2
 * and OIDC Discovery 1.0 §3, and of the specs that extend them (RFC 7009, 7591, 7662, 8628,
 * 9126, 9207, 9449, OIDC RP-Initiated/Front-/Back-Channel Logout). Typed, so a misspelt field
 * does not compile. An `*_endpoint` given as a path ('/oauth2/token') is published under the issuer.
 */
export interface MetadataContribution {
  authorization_endpoint?: string;
  token_endpoint?: string;
  userinfo_endpoint?: string;
  registration_endpoint?: string;
  revocation_endpoint?: string;
  introspection_endpoint?: string;
  end_session_endpoint?: string;
  device_authorization_endpoint?: string;
  pushed_authorization_request_endpoint?: string;

  response_types_supported?: string[];
  response_modes_supported?: string[];
  grant_types_supported?: string[];
  subject_types_supported?: string[];
  acr_values_supported?: string[];
  claims_supported?: string[];
  claim_types_supported?: string[];
  display_values_supported?: string[];
  prompt_values_supported?: string[];
  ui_locales_supported?: string[];
  code_challenge_methods_supported?: string[];
  token_endpoint_auth_methods_supported?: string[];
  token_endpoint_auth_signing_alg_values_supported?: string[];
  revocation_endpoint_auth_methods_supported?: string[];
  revocation_endpoint_auth_signing_alg_values_supported?: string[];
  introspection_endpoint_auth_methods_supported?: string[];
  introspection_endpoint_auth_signing_alg_values_supported?: string[];
  request_object_signing_alg_values_supported?: string[];
  dpop_signing_alg_values_supported?: string[];

  claims_parameter_supported?: boolean;
  request_parameter_supported?: boolean;
  request_uri_parameter_supported?: boolean;
  require_request_uri_registration?: boolean;
  require_pushed_authorization_requests?: boolean;
  authorization_response_iss_parameter_supported?: boolean;
  frontchannel_logout_supported?: boolean;
  frontchannel_logout_session_supported?: boolean;
  backchannel_logout_supported?: boolean;
  backchannel_logout_session_supported?: boolean;

  service_documentation?: string;
  op_policy_uri?: string;
  op_tos_uri?: string;
}

/** The published document: what the server itself knows, plus every contribution. */
export interface ProviderMetadata extends MetadataContribution {
  issuer: string;
  jwks_uri: string;
  scopes_supported: string[];
  response_types_supported: string[];
  grant_types_supported: string[];
  subject_types_supported: string[];
  id_token_signing_alg_values_supported: string[];
  /** With a userinfo_endpoint: the algs of id_token_signing_alg_values_supported. */
  userinfo_signing_alg_values_supported?: string[];
  claims_supported: string[];
  request_parameter_supported: boolean;
  request_uri_parameter_supported: boolean;
}
