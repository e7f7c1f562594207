import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import type { ResourceTokenFormat } from '../../scopes/api-resources/api-resource.entity';
import { OptionalNotNull } from '../http/optional';

const TOKEN_FORMATS: ResourceTokenFormat[] = ['opaque', 'jwt'];

export class CreateApiResourceDto {
  @ApiProperty({
    maxLength: 2048,
    example: 'https://api.example.com/orders',
    description:
      'What clients send as `resource` (RFC 8707) and the `aud` of tokens for it: an absolute URI without a fragment. Cannot be changed.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  identifier: string;

  @ApiProperty({
    maxLength: 200,
    example: 'Orders API',
    description: 'Shown to users on the consent page above its scopes',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  display_name: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['orders:read', 'orders:write'],
    description:
      'Existing scopes that belong to it; a scope belongs to at most one API resource, never openid or offline_access',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  scopes?: string[];

  @ApiPropertyOptional({
    enum: TOKEN_FORMATS,
    nullable: true,
    description: 'The format of access tokens issued for it; null: the client’s access_token_format',
  })
  @IsOptional()
  @IsIn(TOKEN_FORMATS)
  access_token_format?: ResourceTokenFormat | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 86400,
    description: 'Seconds access tokens issued for it live; null: the client’s (or the server’s) lifetime',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  access_token_ttl?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'orders-api',
    description:
      'A confidential client the resource server authenticates with at the introspection endpoint; it is told only of tokens whose aud names this resource. null: it does not introspect',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  introspection_client_id?: string | null;
}

export class UpdateApiResourceDto extends PartialType(OmitType(CreateApiResourceDto, ['identifier'] as const), {
  skipNullProperties: false,
}) {}

export class ApiResourceDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  identifier: string;

  @ApiProperty()
  display_name: string;

  @ApiProperty({ type: [String] })
  scopes: string[];

  @ApiProperty({ enum: TOKEN_FORMATS, nullable: true })
  access_token_format: ResourceTokenFormat | null;

  @ApiProperty({ type: Number, nullable: true })
  access_token_ttl: number | null;

  @ApiProperty({ type: String, nullable: true })
  introspection_client_id: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: Date;
}
