import type { JSONWebKeySet } from 'jose';
import type {
  AccessTokenFormat,
  Client,
  ConsentPolicy,
  SubjectType,
  TokenEndpointAuthMethod,
  ApplicationType,
} from './client.entity';
import type { TokenExchangePolicy } from './token-exchange-policy';

/** A client's metadata and policy, as an operator or a registration request gives it. */
export interface ClientMetadataInput {
  clientName: string;
  logoUri?: string | null;
  clientUri?: string | null;
  policyUri?: string | null;
  tosUri?: string | null;
  contacts?: string[];
  softwareId?: string | null;
  softwareVersion?: string | null;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  grantTypes?: string[];
  responseTypes?: string[];
  allowedScopes?: string[];
  defaultScopes?: string[];
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  jwks?: JSONWebKeySet | null;
  jwksUri?: string | null;
  requirePkce?: boolean;
  allowPlainPkce?: boolean;
  consentPolicy?: ConsentPolicy;
  accessTokenFormat?: AccessTokenFormat;
  accessTokenTtl?: number | null;
  refreshTokenTtl?: number | null;
  idTokenTtl?: number | null;
  isResourceServer?: boolean;
  /** Revoke the tokens this client got from a browser session when that session logs out. */
  revokeTokensOnLogout?: boolean;
  /** OIDC Back-Channel Logout 1.0 §2.2: where logout tokens go; null: none. */
  backchannelLogoutUri?: string | null;
  /** OIDC Back-Channel Logout 1.0 §2.2: logout tokens must carry sid. */
  backchannelLogoutSessionRequired?: boolean;
  /** OIDC Front-Channel Logout 1.0 §2: the RP's logout page, loaded in an iframe; null: none. */
  frontchannelLogoutUri?: string | null;
  /** OIDC Front-Channel Logout 1.0 §2: iss and sid must be added to it. */
  frontchannelLogoutSessionRequired?: boolean;
  /** Which token exchanges (RFC 8693) the client may make; null: none. */
  tokenExchangePolicy?: TokenExchangePolicy | null;
  /** When the client secret stops working; null (the default) means never. */
  clientSecretExpiresAt?: Date | null;
  /** RFC 9126 §6: authorization requests only through the PAR endpoint. */
  requirePushedAuthorizationRequests?: boolean;
  /** RFC 9101 §10.5: authorization requests only as request objects. */
  requireSignedRequestObject?: boolean;
  /** OIDC Registration §2 request_object_signing_alg; 'none' allows unsigned request objects. */
  requestObjectSigningAlg?: string | null;
  /** OIDC Registration §2 userinfo_signed_response_alg: signed userinfo responses; null: JSON. */
  userinfoSignedResponseAlg?: string | null;
  /** OIDC Registration §2 id_token_signed_response_alg: the alg of its ID Tokens; null: the active key's. */
  idTokenSignedResponseAlg?: string | null;
  /** OIDC Registration §2 token_endpoint_auth_signing_alg: the one alg of its client assertions; null: any of its method's. */
  tokenEndpointAuthSigningAlg?: string | null;
  /** OIDC Registration §2 initiate_login_uri: where a third party may start a login at the client (OIDC Core §4). */
  initiateLoginUri?: string | null;
  /** OIDC Registration §2 request_uris: remote request objects the client may point to. */
  requestUris?: string[];
  /** The FAPI 2.0 Security Profile (docs/security.md). */
  fapi2SecurityProfile?: boolean;
  /** RFC 9449 §5.2: token requests must carry a DPoP proof. */
  dpopBoundAccessTokens?: boolean;
  /** Every sign-in for the client needs a second factor (docs/second-factors.md). */
  requireMfa?: boolean;
  /** OIDC Core §8: public or pairwise subject identifiers. */
  subjectType?: SubjectType;
  /** OIDC Registration §2: web or native. */
  applicationType?: ApplicationType;
  /** OIDC Core §8.1: the https JSON document of the client's redirect URIs whose host is its sector. */
  sectorIdentifierUri?: string | null;
}

export interface CreateClientInput extends ClientMetadataInput {
  /** Generated when omitted. */
  clientId?: string;
  /** SHA-256 (hex) of an RFC 7592 registration access token, for dynamically registered clients. */
  registrationAccessTokenHash?: string | null;
  /**
   * Whether an administrator vouches for the client. Defaults to true for a client made without a
   * registration access token (by an operator), false for a dynamically registered one.
   */
  adminApproved?: boolean;
}

export type UpdateClientInput = Partial<ClientMetadataInput>;

/** Every metadata field with a value: what validation sees after defaults or a patch. */
export type ClientMetadata = Required<ClientMetadataInput>;

/** A client as just created or changed; the secret is shown here once and never stored. */
export interface IssuedClient {
  client: Client;
  clientSecret?: string;
}

export function clientDefaults(): Omit<ClientMetadata, 'clientName'> {
  return {
    logoUri: null,
    clientUri: null,
    policyUri: null,
    tosUri: null,
    contacts: [],
    softwareId: null,
    softwareVersion: null,
    redirectUris: [],
    postLogoutRedirectUris: [],
    grantTypes: ['authorization_code'],
    responseTypes: ['code'],
    allowedScopes: ['openid'],
    defaultScopes: ['openid'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    jwks: null,
    jwksUri: null,
    requirePkce: true,
    allowPlainPkce: false,
    consentPolicy: 'always',
    accessTokenFormat: 'opaque',
    accessTokenTtl: null,
    refreshTokenTtl: null,
    idTokenTtl: null,
    isResourceServer: false,
    revokeTokensOnLogout: true,
    backchannelLogoutUri: null,
    backchannelLogoutSessionRequired: false,
    frontchannelLogoutUri: null,
    frontchannelLogoutSessionRequired: false,
    tokenExchangePolicy: null,
    clientSecretExpiresAt: null,
    requirePushedAuthorizationRequests: false,
    requireSignedRequestObject: false,
    requestObjectSigningAlg: null,
    userinfoSignedResponseAlg: null,
    idTokenSignedResponseAlg: null,
    tokenEndpointAuthSigningAlg: null,
    initiateLoginUri: null,
    requestUris: [],
    fapi2SecurityProfile: false,
    dpopBoundAccessTokens: false,
    requireMfa: false,
    subjectType: 'public',
    applicationType: 'web',
    sectorIdentifierUri: null,
  };
}

const METADATA_FIELDS = ['clientName', ...Object.keys(clientDefaults())] as (keyof ClientMetadata)[];

/**
 * The metadata fields that were given, and nothing else: an undefined field leaves the stored
 * value alone, and a stray key (client_id, a secret hash) in untyped input is never copied.
 */
export function metadataFields(input: Partial<ClientMetadataInput>): Partial<ClientMetadata> {
  const fields: Partial<Record<keyof ClientMetadata, unknown>> = {};
  for (const key of METADATA_FIELDS) if (input[key] !== undefined) fields[key] = input[key];
  return fields as Partial<ClientMetadata>;
}
