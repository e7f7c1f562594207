import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsBoundedDateTime } from '../http/bounded-date-time';
import { PageQueryDto } from '../http/page.dto';

export class AuditEventQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'An exact type, or an area ending in .*', example: 'admin.client.*' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9_.]+(\.\*)?$/, {
    message: 'type must be an event type such as admin.client.created or an area such as security.*',
  })
  type?: string;

  @ApiPropertyOptional({ example: 'admin:6f1c…', description: 'admin:<credential id>, client:<client_id>, cli, …' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  actor?: string;

  @ApiPropertyOptional({ description: 'A client id, user id, scope name or key id' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  subject?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Inclusive' })
  @IsOptional()
  @IsBoundedDateTime()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Exclusive' })
  @IsOptional()
  @IsBoundedDateTime()
  to?: Date;
}

export class AuditEventDto {
  @ApiProperty({ description: 'Increasing with time of recording' })
  id: string;

  @ApiProperty({ type: String, format: 'date-time' })
  occurred_at: Date;

  @ApiProperty({ example: 'admin.client.created' })
  type: string;

  @ApiProperty({ type: String, nullable: true })
  actor: string | null;

  @ApiProperty({ type: String, nullable: true })
  subject: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true })
  ip: string | null;

  @ApiProperty({ type: String, nullable: true })
  request_id: string | null;
}
