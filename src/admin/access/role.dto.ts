import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';

export class CreateRoleDto {
  @ApiProperty({ maxLength: 255, example: 'admin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The client the role belongs to (released only to it); absent or null for a global role',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  client_id?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;
}

export class UpdateRoleDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;
}

export class RoleListQueryDto {
  @ApiPropertyOptional({ description: 'Only the roles of this client; "global" for the global ones' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  client_id?: string;
}

export class RoleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for a global role' }) client_id: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: Date;
}

export class CreateRoleGrantDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The user to grant the role to (or group_id)' })
  @ValidateIf((o: CreateRoleGrantDto) => o.group_id === undefined)
  @IsUUID()
  user_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The group to grant the role to (or user_id)' })
  @ValidateIf((o: CreateRoleGrantDto) => o.user_id === undefined)
  @IsUUID()
  group_id?: string;
}

export class RoleGrantDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) role_id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) user_id: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) group_id: string | null;
  @ApiProperty({ enum: ['user', 'group'] }) grantee_type: 'user' | 'group';
  @ApiProperty({ description: 'The username or group name' }) grantee_name: string;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: Date;
}
