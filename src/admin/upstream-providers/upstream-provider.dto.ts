import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '../http/optional';

const claim = (field: string, standard: string) =>
  ApiPropertyOptional({ description: `The upstream claim that fills ${field}`, default: standard, maxLength: 255 });

/** For each local user field, the upstream claim it is read from; a field left out keeps its standard claim. */
export class ClaimMappingDto {
  @claim('the username of a created user', 'preferred_username')
  @OptionalNotNull()
  @IsString()
  @MaxLength(255)
  username?: string;

  @claim('the email (matched by link_by_email)', 'email')
  @OptionalNotNull()
  @IsString()
  @MaxLength(255)
  email?: string;

  @claim('whether the upstream verified the email', 'email_verified')
  @OptionalNotNull()
  @IsString()
  @MaxLength(255)
  email_verified?: string;

  @claim('name', 'name')
  @OptionalNotNull()
  @IsString()
  @MaxLength(255)
  name?: string;

  @claim('given_name', 'given_name')
  @OptionalNotNull()
  @IsString()
  @MaxLength(255)
  given_name?: string;

  @claim('family_name', 'family_name')
  @OptionalNotNull()
  @IsString()
  @MaxLength(255)
  family_name?: string;

  @claim('picture', 'picture')
  @OptionalNotNull()
  @IsString()
  @MaxLength(255)
  picture?: string;

  @claim('locale', 'locale')
  @OptionalNotNull()
  @IsString()
  @MaxLength(255)
  locale?: string;
}

export class CreateUpstreamProviderDto {
  @ApiProperty({
    example: 'corporate-sso',
    maxLength: 63,
    description: 'A slug: lower-case letters, digits and dashes. It names the provider in URLs and audit events.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(63)
  id: string;

  @ApiProperty({ example: 'Corporate SSO', maxLength: 255, description: 'Shown as "Continue with <display_name>"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  display_name: string;

  @ApiProperty({
    example: 'https://login.example.com',
    format: 'uri',
    maxLength: 2048,
    description: 'The issuer identifier; its discovery document is read from /.well-known/openid-configuration',
  })
  @IsString()
  @MaxLength(2048)
  issuer: string;

  @ApiProperty({ maxLength: 255, description: 'This server’s client_id at the upstream provider' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  client_id: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    writeOnly: true,
    maxLength: 1024,
    description: 'Stored encrypted, never returned. Null or left out: a public client (PKCE only).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  client_secret?: string | null;

  @ApiPropertyOptional({ type: [String], default: ['openid', 'email', 'profile'], description: 'Must include openid' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(255, { each: true })
  scopes?: string[];

  @ApiPropertyOptional({ type: ClaimMappingDto })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ClaimMappingDto)
  claim_mapping?: ClaimMappingDto;

  @ApiPropertyOptional({ default: false, description: 'Create a local user (without a password) on first sign-in' })
  @OptionalNotNull()
  @IsBoolean()
  auto_create?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Link to the local user with the same email when both sides have verified it',
  })
  @OptionalNotNull()
  @IsBoolean()
  link_by_email?: boolean;

  @ApiPropertyOptional({ default: true, description: 'Offered on the login page' })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateUpstreamProviderDto extends PartialType(OmitType(CreateUpstreamProviderDto, ['id'] as const), {
  skipNullProperties: false,
}) {}

export class UpstreamProviderDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  display_name: string;

  @ApiProperty({ format: 'uri' })
  issuer: string;

  @ApiProperty()
  client_id: string;

  @ApiProperty({ description: 'Whether a client secret is stored (it is never returned)' })
  has_client_secret: boolean;

  @ApiProperty({ type: [String] })
  scopes: string[];

  @ApiProperty({ type: ClaimMappingDto })
  claim_mapping: ClaimMappingDto;

  @ApiProperty()
  auto_create: boolean;

  @ApiProperty()
  link_by_email: boolean;

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({ format: 'uri', description: 'The redirect URI to register for this server at the upstream provider' })
  redirect_uri: string;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: Date;
}
