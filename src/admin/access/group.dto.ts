import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../http/optional';

export class CreateGroupDto {
  @ApiProperty({ maxLength: 255, example: 'engineering', description: 'Unique, case-insensitively' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The group this one sits in; groups nest at most 3 levels, without cycles',
  })
  @IsOptional()
  @IsUUID()
  parent_id?: string | null;
}

export class UpdateGroupDto {
  @ApiPropertyOptional({ maxLength: 255 })
  @OptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null makes it a top-level group' })
  @IsOptional()
  @IsUUID()
  parent_id?: string | null;
}

export class GroupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parent_id: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Set by SCIM provisioning' }) external_id: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: Date;
}

export class GroupMemberDto {
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty() username: string;
}
