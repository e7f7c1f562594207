import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MFA_REQUIRED_VALUES, type MfaRequired } from '../../users/settings/account-settings.entity';
import { OptionalNotNull } from '../http/optional';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

const MFA_REQUIRED_HELP =
  'Who must sign in with a second factor whatever the client: off (only users who enrolled one, and clients with require_mfa), all users, or admins (holders of the global role admin, docs/roles-and-groups.md). The password grant is refused to them (docs/second-factors.md)';

export class AccountSettingsDto {
  @ApiProperty({ description: 'Whether people may create their own accounts (sign-up, prompt=create)' })
  signup_enabled: boolean;

  @ApiProperty({
    description: 'Email domains a new account’s address must be of; empty: any',
    example: ['example.com'],
  })
  signup_email_domains: string[];

  @ApiProperty({
    enum: ['required', 'optional'],
    description: 'required: a self-registered user signs in only once the address is verified; optional: at once',
  })
  signup_verification: 'required' | 'optional';

  @ApiProperty({ description: 'Whether users may delete their own account on the account page' })
  self_deletion_enabled: boolean;

  @ApiProperty({ description: 'The password policy’s minimum length in effect (8–128)' })
  password_min_length: number;

  @ApiProperty({ enum: MFA_REQUIRED_VALUES, description: MFA_REQUIRED_HELP })
  mfa_required: MfaRequired;
}

export class UpdateAccountSettingsDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  signup_enabled?: boolean;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  signup_email_domains?: string[];

  @ApiPropertyOptional({ enum: ['required', 'optional'] })
  @OptionalNotNull()
  @IsIn(['required', 'optional'])
  signup_verification?: 'required' | 'optional';

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  self_deletion_enabled?: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'null: back to PASSWORD_MIN_LENGTH' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(8)
  @Max(128)
  password_min_length?: number | null;

  @ApiPropertyOptional({ enum: MFA_REQUIRED_VALUES, description: MFA_REQUIRED_HELP })
  @OptionalNotNull()
  @IsIn(MFA_REQUIRED_VALUES, { message: `mfa_required must be one of ${MFA_REQUIRED_VALUES.join(', ')}` })
  mfa_required?: MfaRequired;
}
