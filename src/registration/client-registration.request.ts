import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { APPLICATION_TYPES } from '../clients/client.entity';
import { TOKEN_ENDPOINT_AUTH_SIGNING_ALGS } from '../clients/client-assertion-algs';
import { REQUEST_OBJECT_SIGNING_ALGS, UNSIGNED_REQUEST_OBJECT } from '../clients/request-object-algs';
import { SIGNING_ALGS } from '../config/keys.config';

const MAX_URI = 2048;
const REQUEST_OBJECT_ALGS = [...REQUEST_OBJECT_SIGNING_ALGS, UNSIGNED_REQUEST_OBJECT];

/**
 * The client metadata this server reads from a registration (RFC 7591 §2) or an update
 * (RFC 7592 §2.2) request, named as on the wire. Only the JSON types and sizes are checked
 * here; what the values mean is checked by the registration rules and the clients module.
 */
export class ClientRegistrationRequest {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(MAX_URI, { each: true })
  redirect_uris?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(MAX_URI, { each: true })
  post_logout_redirect_uris?: string[];

  /** OIDC Back-Channel Logout 1.0 §2.2. */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_URI)
  backchannel_logout_uri?: string;

  @IsOptional()
  @IsBoolean()
  backchannel_logout_session_required?: boolean;

  /** OIDC Front-Channel Logout 1.0 §2. */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_URI)
  frontchannel_logout_uri?: string;

  @IsOptional()
  @IsBoolean()
  frontchannel_logout_session_required?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  grant_types?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  response_types?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(255)
  client_name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_URI)
  logo_uri?: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_URI)
  client_uri?: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_URI)
  policy_uri?: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_URI)
  tos_uri?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  scope?: string;

  @IsOptional()
  @IsString()
  token_endpoint_auth_method?: string;

  /**
   * OIDC Registration §2: the one alg of its client assertions, among those discovery lists;
   * whether it fits token_endpoint_auth_method is checked by the clients module.
   */
  @IsOptional()
  @IsString()
  @IsIn(TOKEN_ENDPOINT_AUTH_SIGNING_ALGS)
  token_endpoint_auth_signing_alg?: string;

  @IsOptional()
  @IsObject()
  jwks?: Record<string, unknown>;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_URI)
  jwks_uri?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  software_id?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  software_version?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(320, { each: true })
  contacts?: string[];

  /** RFC 9449 §5.2: every token request of the client must carry a DPoP proof. */
  @IsOptional()
  @IsBoolean()
  dpop_bound_access_tokens?: boolean;

  /**
   * An extension of this server (docs/second-factors.md): every sign-in to the client needs a
   * second factor. A client may raise its own security, never lower it (see update).
   */
  @IsOptional()
  @IsBoolean()
  require_mfa?: boolean;

  /** RFC 9126 §6: this client's authorization requests only through the PAR endpoint. */
  @IsOptional()
  @IsBoolean()
  require_pushed_authorization_requests?: boolean;

  /** RFC 9101 §10.5: this client's authorization requests only as request objects. */
  @IsOptional()
  @IsBoolean()
  require_signed_request_object?: boolean;

  /** OIDC Registration §2: the alg of its request objects ('none': unsigned ones allowed). */
  @IsOptional()
  @IsString()
  @IsIn(REQUEST_OBJECT_ALGS)
  request_object_signing_alg?: string;

  /** OIDC Registration §2: userinfo answers as a JWT signed with this alg (OIDC Core §5.3.2). */
  @IsOptional()
  @IsString()
  @IsIn(SIGNING_ALGS)
  userinfo_signed_response_alg?: string;

  /** OIDC Registration §2: the alg of the client's ID Tokens (and logout tokens). */
  @IsOptional()
  @IsString()
  @IsIn(SIGNING_ALGS)
  id_token_signed_response_alg?: string;

  /** OIDC Registration §2: request objects the client hosts (https), fetched by this server. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(MAX_URI, { each: true })
  request_uris?: string[];

  /** OIDC Registration §2: web (the default) or native. */
  @IsOptional()
  @IsString()
  @IsIn([...APPLICATION_TYPES])
  application_type?: string;

  /** OIDC Registration §2: public (the default) or pairwise subject identifiers (OIDC Core §8). */
  @IsOptional()
  @IsString()
  @IsIn(['public', 'pairwise'])
  subject_type?: string;

  /** OIDC Registration §2, OIDC Core §8.1: an https JSON array of the client's redirect URIs; its host is the sector. */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_URI)
  sector_identifier_uri?: string;

  /** OIDC Registration §2, OIDC Core §4: where a third party may have the client start a login (https). */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_URI)
  initiate_login_uri?: string;

  /** RFC 7592 §2.2: an update names the client it updates. */
  @IsOptional()
  @IsString()
  client_id?: string;

  /** RFC 7592 §2.2: an update may repeat the current secret; it can never choose a new one. */
  @IsOptional()
  @IsString()
  client_secret?: string;
}

/** Every member read from the request body; anything else is ignored (RFC 7591 §2). */
export const REGISTRATION_REQUEST_FIELDS: readonly (keyof ClientRegistrationRequest)[] = [
  'redirect_uris',
  'post_logout_redirect_uris',
  'backchannel_logout_uri',
  'backchannel_logout_session_required',
  'frontchannel_logout_uri',
  'frontchannel_logout_session_required',
  'grant_types',
  'response_types',
  'client_name',
  'logo_uri',
  'client_uri',
  'policy_uri',
  'tos_uri',
  'scope',
  'token_endpoint_auth_method',
  'token_endpoint_auth_signing_alg',
  'jwks',
  'jwks_uri',
  'software_id',
  'software_version',
  'contacts',
  'require_pushed_authorization_requests',
  'require_signed_request_object',
  'request_object_signing_alg',
  'request_uris',
  'userinfo_signed_response_alg',
  'id_token_signed_response_alg',
  'dpop_bound_access_tokens',
  'require_mfa',
  'subject_type',
  'application_type',
  'sector_identifier_uri',
  'initiate_login_uri',
  'client_id',
  'client_secret',
];
