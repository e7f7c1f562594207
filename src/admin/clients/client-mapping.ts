import type { Client } from '../../clients/client.entity';
import type { CreateClientInput, UpdateClientInput } from '../../clients/client-input';
import type { TokenExchangePolicy } from '../../clients/token-exchange-policy';
import type { ClientDto, CreateClientDto, TokenExchangePolicyDto, UpdateClientDto } from './client.dto';

/** The admin API's view of a client: its metadata, never a secret or a hash. */
export function toClientDto(c: Client): ClientDto {
  return {
    client_id: c.clientId,
    client_name: c.clientName,
    logo_uri: c.logoUri,
    client_uri: c.clientUri,
    policy_uri: c.policyUri,
    tos_uri: c.tosUri,
    contacts: c.contacts,
    software_id: c.softwareId,
    software_version: c.softwareVersion,
    redirect_uris: c.redirectUris,
    post_logout_redirect_uris: c.postLogoutRedirectUris,
    grant_types: c.grantTypes,
    response_types: c.responseTypes,
    allowed_scopes: c.allowedScopes,
    default_scopes: c.defaultScopes,
    token_endpoint_auth_method: c.tokenEndpointAuthMethod,
    token_endpoint_auth_signing_alg: c.tokenEndpointAuthSigningAlg,
    jwks: c.jwks,
    jwks_uri: c.jwksUri,
    require_pkce: c.requirePkce,
    allow_plain_pkce: c.allowPlainPkce,
    consent_policy: c.consentPolicy,
    revoke_tokens_on_logout: c.revokeTokensOnLogout,
    backchannel_logout_uri: c.backchannelLogoutUri,
    backchannel_logout_session_required: c.backchannelLogoutSessionRequired,
    frontchannel_logout_uri: c.frontchannelLogoutUri,
    frontchannel_logout_session_required: c.frontchannelLogoutSessionRequired,
    token_exchange_policy: c.tokenExchangePolicy && toTokenExchangePolicyDto(c.tokenExchangePolicy),
    access_token_format: c.accessTokenFormat,
    access_token_ttl: c.accessTokenTtl,
    refresh_token_ttl: c.refreshTokenTtl,
    id_token_ttl: c.idTokenTtl,
    is_resource_server: c.isResourceServer,
    client_secret_expires_at: c.clientSecretExpiresAt,
    require_pushed_authorization_requests: c.requirePushedAuthorizationRequests,
    require_signed_request_object: c.requireSignedRequestObject,
    request_object_signing_alg: c.requestObjectSigningAlg,
    request_uris: c.requestUris,
    userinfo_signed_response_alg: c.userinfoSignedResponseAlg,
    id_token_signed_response_alg: c.idTokenSignedResponseAlg,
    fapi2_security_profile: c.fapi2SecurityProfile,
    dpop_bound_access_tokens: c.dpopBoundAccessTokens,
    require_mfa: c.requireMfa,
    subject_type: c.subjectType,
    application_type: c.applicationType,
    sector_identifier_uri: c.sectorIdentifierUri,
    initiate_login_uri: c.initiateLoginUri,
    has_client_secret: c.clientSecretHash !== null,
    dynamically_registered: c.registrationAccessTokenHash !== null,
    admin_approved: c.adminApproved,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

/** The fields of a patch, under the clients module's names; left-out fields stay undefined. */
export function toUpdateClientInput(d: UpdateClientDto): UpdateClientInput {
  return {
    clientName: d.client_name,
    logoUri: d.logo_uri,
    clientUri: d.client_uri,
    policyUri: d.policy_uri,
    tosUri: d.tos_uri,
    contacts: d.contacts,
    softwareId: d.software_id,
    softwareVersion: d.software_version,
    redirectUris: d.redirect_uris,
    postLogoutRedirectUris: d.post_logout_redirect_uris,
    grantTypes: d.grant_types,
    responseTypes: d.response_types,
    allowedScopes: d.allowed_scopes,
    defaultScopes: d.default_scopes,
    tokenEndpointAuthMethod: d.token_endpoint_auth_method,
    tokenEndpointAuthSigningAlg: d.token_endpoint_auth_signing_alg,
    jwks: d.jwks,
    jwksUri: d.jwks_uri,
    requirePkce: d.require_pkce,
    allowPlainPkce: d.allow_plain_pkce,
    consentPolicy: d.consent_policy,
    revokeTokensOnLogout: d.revoke_tokens_on_logout,
    backchannelLogoutUri: d.backchannel_logout_uri,
    backchannelLogoutSessionRequired: d.backchannel_logout_session_required,
    frontchannelLogoutUri: d.frontchannel_logout_uri,
    frontchannelLogoutSessionRequired: d.frontchannel_logout_session_required,
    tokenExchangePolicy: d.token_exchange_policy && toTokenExchangePolicy(d.token_exchange_policy),
    accessTokenFormat: d.access_token_format,
    accessTokenTtl: d.access_token_ttl,
    refreshTokenTtl: d.refresh_token_ttl,
    idTokenTtl: d.id_token_ttl,
    isResourceServer: d.is_resource_server,
    clientSecretExpiresAt: d.client_secret_expires_at,
    requirePushedAuthorizationRequests: d.require_pushed_authorization_requests,
    requireSignedRequestObject: d.require_signed_request_object,
    requestObjectSigningAlg: d.request_object_signing_alg,
    requestUris: d.request_uris,
    userinfoSignedResponseAlg: d.userinfo_signed_response_alg,
    idTokenSignedResponseAlg: d.id_token_signed_response_alg,
    fapi2SecurityProfile: d.fapi2_security_profile,
    dpopBoundAccessTokens: d.dpop_bound_access_tokens,
    requireMfa: d.require_mfa,
    subjectType: d.subject_type,
    applicationType: d.application_type,
    sectorIdentifierUri: d.sector_identifier_uri,
    initiateLoginUri: d.initiate_login_uri,
  };
}

export function toCreateClientInput(d: CreateClientDto): CreateClientInput {
  return { ...toUpdateClientInput(d), clientId: d.client_id, clientName: d.client_name };
}

function toTokenExchangePolicyDto(p: TokenExchangePolicy): TokenExchangePolicyDto {
  return {
    allowed_subject_token_types: p.allowedSubjectTokenTypes,
    allowed_audiences: p.allowedAudiences,
    allow_impersonation: p.allowImpersonation,
    allow_delegation: p.allowDelegation,
  };
}

function toTokenExchangePolicy(d: TokenExchangePolicyDto): TokenExchangePolicy {
  return {
    allowedSubjectTokenTypes: d.allowed_subject_token_types,
    allowedAudiences: d.allowed_audiences,
    allowImpersonation: d.allow_impersonation,
    allowDelegation: d.allow_delegation,
  };
}
