import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { ACCESS_CLAIM_TARGETS, type AccessClaimTarget } from '../../users/access/access-claim-settings';
import { OptionalNotNull } from '../http/optional';

export class AccessClaimSettingsDto {
  @ApiProperty({ example: 'groups', description: 'The claim name the groups scope claim is released under' })
  groups_claim: string;

  @ApiProperty({ example: 'roles', description: 'The claim name the roles scope claim is released under' })
  roles_claim: string;

  @ApiProperty({ enum: ACCESS_CLAIM_TARGETS, isArray: true, description: 'Where the claims are released' })
  targets: AccessClaimTarget[];
}

export class UpdateAccessClaimSettingsDto {
  @ApiPropertyOptional({ example: 'groups' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  groups_claim?: string;

  @ApiPropertyOptional({ example: 'roles' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  roles_claim?: string;

  @ApiPropertyOptional({ enum: ACCESS_CLAIM_TARGETS, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(ACCESS_CLAIM_TARGETS.length)
  @IsIn(ACCESS_CLAIM_TARGETS, { each: true })
  targets?: AccessClaimTarget[];
}

export class EffectiveAccessDto {
  @ApiProperty({ type: [String], description: 'Direct groups and the groups they sit in' }) groups: string[];
  @ApiProperty({ type: [String], description: 'Roles granted to the user or to any of those groups' })
  roles: string[];
}
