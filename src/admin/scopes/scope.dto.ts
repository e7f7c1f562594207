import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../http/optional';

export class CreateScopeDto {
  @ApiProperty({ maxLength: 128, example: 'orders:read', description: 'An RFC 6749 §3.3 scope token' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  name: string;

  @ApiProperty({ maxLength: 1024, example: 'Read your orders', description: 'Shown to users on the consent page' })
  @IsString()
  @MaxLength(1024)
  description: string;

  @ApiPropertyOptional({ type: [String], description: 'The user claims the scope releases', example: ['email'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  claims?: string[];
}

export class UpdateScopeDto extends PartialType(OmitType(CreateScopeDto, ['name'] as const), {
  skipNullProperties: false,
}) {}

export class ScopeDto {
  @ApiProperty()
  name: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: [String] })
  claims: string[];

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: Date;
}
