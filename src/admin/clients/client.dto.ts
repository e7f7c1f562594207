import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { JSONWebKeySet } from 'jose';
import type {
  AccessTokenFormat,
  ApplicationType,
  ConsentPolicy,
  SubjectType,
  TokenEndpointAuthMethod,
} from '../../clients/client.entity';
import { APPLICATION_TYPES } from '../../clients/client.entity';
import { TOKEN_ENDPOINT_AUTH_SIGNING_ALGS } from '../../clients/client-assertion-algs';
import { REQUEST_OBJECT_SIGNING_ALGS, UNSIGNED_REQUEST_OBJECT } from '../../clients/request-object-algs';
import { EXCHANGEABLE_TOKEN_TYPES } from '../../clients/token-exchange-policy';
import { SIGNING_ALGS } from '../../config/keys.config';
import { GRANT_TYPE_NAMES, RESPONSE_TYPE_NAMES } from '../../token/grants/grant-types';
import { IsBoundedDateTime } from '../http/bounded-date-time';
import { OptionalNotNull } from '../http/optional';

const AUTH_METHODS: TokenEndpointAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
];
const CONSENT_POLICIES: ConsentPolicy[] = ['always', 'once', 'skip'];
const ACCESS_TOKEN_FORMATS: AccessTokenFormat[] = ['opaque', 'jwt'];
const SUBJECT_TYPES: SubjectType[] = ['public', 'pairwise'];
// As the grants declare themselves (src/token/grants): the password grant and the implicit one included.
const GRANT_TYPES = [...GRANT_TYPE_NAMES];
const RESPONSE_TYPES = [...RESPONSE_TYPE_NAMES];
const MAX_LIST = 100;

/** RFC 8693: which token exchanges a client may make. Given whole; null removes it. */
export class TokenExchangePolicyDto {
  @ApiProperty({
    type: [String],
    enum: EXCHANGEABLE_TOKEN_TYPES,
    description: 'The subject_token_type values it may present',
  })
  @IsArray()
  @IsIn(EXCHANGEABLE_TOKEN_TYPES, { each: true })
  allowed_subject_token_types: string[];

  @ApiProperty({
    type: [String],
    description: 'The audience and resource values it may ask for (they become the token’s aud)',
    example: ['orders-api', 'https://orders.example.com/'],
  })
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsString({ each: true })
  allowed_audiences: string[];

  @ApiProperty({ description: 'May get a token for the subject alone, without an actor_token' })
  @IsBoolean()
  allow_impersonation: boolean;

  @ApiProperty({ description: 'May get a token for the subject acting through an actor_token (act claim)' })
  @IsBoolean()
  allow_delegation: boolean;
}

/**
 * A client's metadata and policy in the admin API, under the RFC 7591 names. Every field but
 * client_name may be left out (the server's default applies); null clears a nullable field.
 */
export class CreateClientDto {
  @ApiPropertyOptional({ description: 'Generated (128 random bits) when left out', maxLength: 128 })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  client_id?: string;

  @ApiProperty({ maxLength: 255, example: 'Shop' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  client_name: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional()
  @IsString()
  logo_uri?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional()
  @IsString()
  client_uri?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional()
  @IsString()
  policy_uri?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional()
  @IsString()
  tos_uri?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['ops@example.com'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsString({ each: true })
  contacts?: string[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  software_id?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  software_version?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['https://shop.example.com/callback'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsString({ each: true })
  redirect_uris?: string[];

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsString({ each: true })
  post_logout_redirect_uris?: string[];

  @ApiPropertyOptional({ type: [String], enum: GRANT_TYPES, default: ['authorization_code'] })
  @OptionalNotNull()
  @IsArray()
  @IsIn(GRANT_TYPES, { each: true })
  grant_types?: string[];

  @ApiPropertyOptional({
    type: [String],
    enum: RESPONSE_TYPES,
    default: ['code'],
    description:
      'Those with token return an access token from the authorization endpoint: refused there unless IMPLICIT_ACCESS_TOKENS is on',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsIn(RESPONSE_TYPES, { each: true })
  response_types?: string[];

  @ApiPropertyOptional({ type: [String], description: 'The scopes the client may ask for', default: ['openid'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsString({ each: true })
  allowed_scopes?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Granted when a request names no scope; left out, `openid` when allowed_scopes has it, else none',
    default: ['openid'],
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsString({ each: true })
  default_scopes?: string[];

  @ApiPropertyOptional({ enum: AUTH_METHODS, default: 'client_secret_basic' })
  @OptionalNotNull()
  @IsIn(AUTH_METHODS)
  token_endpoint_auth_method?: TokenEndpointAuthMethod;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    enum: TOKEN_ENDPOINT_AUTH_SIGNING_ALGS,
    description:
      'OIDC Registration §2: the one alg its client assertions may be signed with, an HMAC one (HS256, HS384, HS512) for client_secret_jwt, an asymmetric one for private_key_jwt (PS256 or ES256 under FAPI 2.0); refused with other methods. null: any alg of its method. Changing token_endpoint_auth_method alone clears it',
  })
  @IsOptional()
  @IsIn(TOKEN_ENDPOINT_AUTH_SIGNING_ALGS)
  token_endpoint_auth_signing_alg?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'A JWK Set of public keys (private_key_jwt)',
  })
  @IsOptional()
  @IsObject()
  jwks?: JSONWebKeySet | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional()
  @IsString()
  jwks_uri?: string | null;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  require_pkce?: boolean;

  @ApiPropertyOptional({ default: false })
  @OptionalNotNull()
  @IsBoolean()
  allow_plain_pkce?: boolean;

  @ApiPropertyOptional({ enum: CONSENT_POLICIES, default: 'always' })
  @OptionalNotNull()
  @IsIn(CONSENT_POLICIES)
  consent_policy?: ConsentPolicy;

  @ApiPropertyOptional({
    default: true,
    description: 'When the user signs out (RP-initiated logout), revoke the tokens this client got in that session',
  })
  @OptionalNotNull()
  @IsBoolean()
  revoke_tokens_on_logout?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uri',
    description:
      'OIDC Back-Channel Logout: where the server POSTs a logout token when a session this client took part in ends (no fragment; https in production)',
  })
  @IsOptional()
  @IsString()
  backchannel_logout_uri?: string | null;

  @ApiPropertyOptional({
    default: false,
    description: 'OIDC Back-Channel Logout: the logout tokens must carry sid (they always do here)',
  })
  @OptionalNotNull()
  @IsBoolean()
  backchannel_logout_session_required?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uri',
    description:
      'OIDC Front-Channel Logout: the page the server loads in a hidden iframe of its signed-out page when the user signs out of a session this client took part in (no fragment; https in production)',
  })
  @IsOptional()
  @IsString()
  frontchannel_logout_uri?: string | null;

  @ApiPropertyOptional({
    default: false,
    description: 'OIDC Front-Channel Logout: the iframe URL must carry iss and sid (they always do here)',
  })
  @OptionalNotNull()
  @IsBoolean()
  frontchannel_logout_session_required?: boolean;

  @ApiPropertyOptional({
    type: TokenExchangePolicyDto,
    nullable: true,
    description: 'Token exchange (RFC 8693) permissions; null (the default): the client may not exchange tokens',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => TokenExchangePolicyDto)
  token_exchange_policy?: TokenExchangePolicyDto | null;

  @ApiPropertyOptional({ enum: ACCESS_TOKEN_FORMATS, default: 'opaque' })
  @OptionalNotNull()
  @IsIn(ACCESS_TOKEN_FORMATS)
  access_token_format?: AccessTokenFormat;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, description: 'Seconds; null: server default' })
  @IsOptional()
  @IsInt()
  @Min(1)
  access_token_ttl?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, description: 'Seconds; null: server default' })
  @IsOptional()
  @IsInt()
  @Min(1)
  refresh_token_ttl?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, description: 'Seconds; null: server default' })
  @IsOptional()
  @IsInt()
  @Min(1)
  id_token_ttl?: number | null;

  @ApiPropertyOptional({ default: false, description: 'May introspect tokens issued to other clients' })
  @OptionalNotNull()
  @IsBoolean()
  is_resource_server?: boolean;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'null: never' })
  @IsOptional()
  @IsBoundedDateTime()
  client_secret_expires_at?: Date | null;

  @ApiPropertyOptional({
    default: false,
    description: 'RFC 9126 §6: authorization requests only through the PAR endpoint (POST /oauth2/par)',
  })
  @OptionalNotNull()
  @IsBoolean()
  require_pushed_authorization_requests?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'RFC 9101 §10.5: authorization requests only as request objects (the request parameter)',
  })
  @OptionalNotNull()
  @IsBoolean()
  require_signed_request_object?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    enum: [...REQUEST_OBJECT_SIGNING_ALGS, UNSIGNED_REQUEST_OBJECT],
    description: 'The alg of its request objects; null: any supported asymmetric alg; none: unsigned ones allowed',
  })
  @IsOptional()
  @IsIn([...REQUEST_OBJECT_SIGNING_ALGS, UNSIGNED_REQUEST_OBJECT])
  request_object_signing_alg?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    enum: SIGNING_ALGS,
    description:
      'OIDC Registration §2: userinfo answers this client with a JWT signed with this alg (application/jwt, with iss and aud); null: JSON. Must be an alg the server signs with now (its id_token_signing_alg_values_supported)',
  })
  @IsOptional()
  @IsIn(SIGNING_ALGS)
  userinfo_signed_response_alg?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    enum: SIGNING_ALGS,
    description:
      "OIDC Registration §2: the alg of this client's ID Tokens and logout tokens; null: the active key's alg (RS256 by default). Must be an alg the server signs with now (its id_token_signing_alg_values_supported)",
  })
  @IsOptional()
  @IsIn(SIGNING_ALGS)
  id_token_signed_response_alg?: string | null;

  @ApiPropertyOptional({
    type: [String],
    default: [],
    description: 'https URLs of request objects hosted by the client (request_uri outside this server)',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  request_uris?: string[];

  @ApiPropertyOptional({
    default: false,
    description:
      'FAPI 2.0 Security Profile: PAR, PKCE S256, private_key_jwt with PS256/ES256, response type code, 60 s codes',
  })
  @OptionalNotNull()
  @IsBoolean()
  fapi2_security_profile?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'RFC 9449 §5.2: every token request must carry a DPoP proof, so every access token is DPoP-bound',
  })
  @OptionalNotNull()
  @IsBoolean()
  dpop_bound_access_tokens?: boolean;

  @ApiPropertyOptional({
    default: false,
    description:
      'Every sign-in to this client needs a second factor (acr 2 or better): users without one enrol one first, and the password grant is refused (docs/second-factors.md)',
  })
  @OptionalNotNull()
  @IsBoolean()
  require_mfa?: boolean;

  @ApiPropertyOptional({
    enum: SUBJECT_TYPES,
    default: 'public',
    description:
      'OIDC Core §8: public, every client knows a user by the same sub; pairwise, the client gets a sub of its sector alone (the host of sector_identifier_uri, or of its redirect URIs)',
  })
  @OptionalNotNull()
  @IsIn(SUBJECT_TYPES)
  subject_type?: SubjectType;

  @ApiPropertyOptional({
    enum: [...APPLICATION_TYPES],
    default: 'web',
    description:
      'OIDC Registration §2: web or native. Only dynamic registration acts on it (a web client of the implicit flow must redirect to https); shown as registered',
  })
  @OptionalNotNull()
  @IsIn(APPLICATION_TYPES)
  application_type?: ApplicationType;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uri',
    description:
      'OIDC Core §8.1: an https URL of a JSON array holding every redirect URI of the client, fetched when it or the redirect URIs change; its host is the sector. Needed by pairwise clients whose redirect URIs are on several hosts',
  })
  @IsOptional()
  @IsString()
  sector_identifier_uri?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uri',
    description:
      'OIDC Registration §2, OIDC Core §4: an https URL (no fragment) where a third party may send the browser to have the client start a login here. Kept and shown; the server never calls it',
  })
  @IsOptional()
  @IsString()
  initiate_login_uri?: string | null;
}

// skipNullProperties: false, so null is refused where the field has no "unset" value.
export class UpdateClientDto extends PartialType(OmitType(CreateClientDto, ['client_id'] as const), {
  skipNullProperties: false,
}) {}

export class RotateClientSecretDto {
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'null: never expires' })
  @IsOptional()
  @IsBoundedDateTime()
  expires_at?: Date | null;
}

export class ClientDto extends OmitType(CreateClientDto, ['client_id']) {
  @ApiProperty()
  client_id: string;

  @ApiProperty({ description: 'Whether the client authenticates with a client secret' })
  has_client_secret: boolean;

  @ApiProperty({ description: 'Registered through dynamic client registration' })
  dynamically_registered: boolean;

  @ApiProperty({
    description:
      'An administrator vouches for the client: errors go straight back to its redirect_uri and its logo is shown. ' +
      'True for clients made here; dynamically registered clients are not until approved (PUT /admin/clients/{clientId}/approval), ' +
      'and lose the approval when they change their own registration.',
  })
  admin_approved: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: Date;
}

export class IssuedClientDto {
  @ApiProperty({ type: ClientDto })
  client: ClientDto;

  @ApiPropertyOptional({
    description:
      'Shown once, when made; only its hash is kept (and, for client_secret_jwt, the secret encrypted under KEY_ENCRYPTION_SECRET)',
  })
  client_secret?: string;
}

export class ClientSecretDto {
  @ApiProperty({ description: 'Shown once; only its hash is kept (and, for client_secret_jwt, the secret encrypted)' })
  client_secret: string;
}
