import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { ACCESS_CLAIM_TARGETS, type AccessClaimTarget } from '../../users/access/access-claim-settings';
import { MAPPED_ATTRIBUTES, MAX_MAPPINGS } from '../../users/access/claim-mappings';
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

export class ClaimMappingDto {
  @ApiProperty({ example: 'tenant', description: 'The claim name (not a registered or standard claim)' })
  claim: string;

  @ApiPropertyOptional({
    enum: MAPPED_ATTRIBUTES,
    description: 'The user attribute the claim carries (or value)',
  })
  attribute?: string;

  @ApiPropertyOptional({
    description: 'A constant the claim carries (string, number, boolean or list of strings), or attribute',
    example: 'acme',
  })
  value?: unknown;

  @ApiPropertyOptional({
    example: 'profile',
    description: 'Released only when this scope is granted; required with attribute (the user consents to it)',
  })
  scope?: string;

  @ApiProperty({ enum: ACCESS_CLAIM_TARGETS, isArray: true })
  targets: AccessClaimTarget[];
}

export class ClaimMappingsDto {
  @ApiProperty({ type: [ClaimMappingDto], description: `At most ${MAX_MAPPINGS} rules; checked when saved` })
  @IsArray()
  @ArrayMaxSize(MAX_MAPPINGS)
  mappings: ClaimMappingDto[];
}
