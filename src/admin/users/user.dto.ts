import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '../http/optional';

/** OIDC Core §5.1.1 address claim. */
export class AddressDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1024) formatted?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) street_address?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) locality?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) region?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) postal_code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) country?: string;
}

/** A user's profile under the OIDC standard claim names (OIDC Core §5.1); null clears a claim. */
export class UserProfileDto {
  @ApiPropertyOptional({ type: String, nullable: true, format: 'email' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  email_verified?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  given_name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  family_name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  middle_name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  nickname?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri', description: "The user's profile page" })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  profile?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  website?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'female',
    description: 'female, male, or any other value',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  gender?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '1990-04-23',
    description: 'YYYY-MM-DD, YYYY, or 0000-MM-DD',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  birthdate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Europe/Paris' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  zoneinfo?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  phone_number?: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  phone_number_verified?: boolean;

  @ApiPropertyOptional({ type: AddressDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  picture?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'en-US' })
  @IsOptional()
  @IsString()
  @MaxLength(35)
  locale?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['support'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  roles?: string[];
}

export class CreateUserDto extends UserProfileDto {
  @ApiProperty({ maxLength: 255, example: 'alice' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  username: string;

  @ApiPropertyOptional({
    minLength: 8,
    maxLength: 1024,
    description: 'Left out: the user cannot sign in with a password',
  })
  @OptionalNotNull()
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional({ default: false })
  @OptionalNotNull()
  @IsBoolean()
  disabled?: boolean;
}

export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['password', 'disabled'] as const), {
  skipNullProperties: false,
}) {}

export class SetPasswordDto {
  @ApiProperty({ minLength: 8, maxLength: 1024 })
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  password: string;
}

export class UserDto extends UserProfileDto {
  @ApiProperty({ format: 'uuid', description: 'Also the sub claim' })
  id: string;

  @ApiProperty()
  username: string;

  @ApiProperty()
  disabled: boolean;

  @ApiProperty({ description: 'Whether the user can sign in with a password' })
  has_password: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: Date;
}
