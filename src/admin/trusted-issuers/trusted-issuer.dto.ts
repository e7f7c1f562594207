import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import type { JSONWebKeySet } from 'jose';
import { OptionalNotNull } from '../http/optional';

const MAX_LIST = 100;

/**
 * An external issuer whose JWTs are accepted at the token endpoint as authorization grants
 * (RFC 7523 §2.1, grant_type urn:ietf:params:oauth:grant-type:jwt-bearer).
 */
export class CreateTrustedIssuerDto {
  @ApiProperty({ maxLength: 255, example: 'https://idp.partner.example', description: 'The exact iss of its JWTs' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  issuer: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uri',
    description: 'Where its public keys are published (https; http only on loopback). Give this or jwks.',
  })
  @IsOptional()
  @IsString()
  jwks_uri?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Its public keys as a JWK Set. Give this or jwks_uri.',
  })
  @IsOptional()
  @IsObject()
  jwks?: JSONWebKeySet | null;

  @ApiPropertyOptional({
    type: [String],
    default: [],
    description: 'Values the JWT’s aud may contain; empty: this server’s token endpoint URL or its issuer',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsString({ each: true })
  allowed_audiences?: string[];

  @ApiPropertyOptional({
    default: 'sub_is_user_id',
    example: 'claim:email',
    description:
      'How the JWT names the local user: sub_is_user_id, sub_is_username, or claim:<name> (that claim is a username or email)',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(80)
  subject_mapping?: string;

  @ApiPropertyOptional({
    type: [String],
    default: [],
    example: ['openid', 'orders:read'],
    description: 'The most a token obtained with its JWTs may hold (also within the client’s allowed scopes)',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsString({ each: true })
  allowed_scopes?: string[];

  @ApiPropertyOptional({
    type: [String],
    default: [],
    description: 'The clients that may present its JWTs; empty: any client registered for the jwt-bearer grant',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsString({ each: true })
  allowed_client_ids?: string[];
}

// skipNullProperties: false, so null is refused where the field has no "unset" value.
export class UpdateTrustedIssuerDto extends PartialType(CreateTrustedIssuerDto, { skipNullProperties: false }) {}

export class TrustedIssuerDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  issuer: string;

  @ApiProperty({ type: String, nullable: true, format: 'uri' })
  jwks_uri: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  jwks: JSONWebKeySet | null;

  @ApiProperty({ type: [String] })
  allowed_audiences: string[];

  @ApiProperty()
  subject_mapping: string;

  @ApiProperty({ type: [String] })
  allowed_scopes: string[];

  @ApiProperty({ type: [String] })
  allowed_client_ids: string[];

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: Date;
}
