import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../http/optional';

export class CreateWebhookDto {
  @ApiProperty({
    maxLength: 2048,
    example: 'https://hooks.example.com/oidc',
    description: 'https (http outside production)',
  })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiProperty({
    type: [String],
    example: ['admin.user.created', 'admin.user.disabled', 'security.*'],
    description: 'Audit event types, exactly or by area (admin.user.*), or * for every event',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  event_types: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 2048 })
  @OptionalNotNull()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  event_types?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String] }) event_types: string[];
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: Date;
}

export class WebhookWithSecretDto {
  @ApiProperty({ type: WebhookDto }) webhook: WebhookDto;
  @ApiProperty({ description: 'The signing secret (whsec_…); shown this once' }) secret: string;
}

export class WebhookSecretDto {
  @ApiProperty({ description: 'The new signing secret; shown this once' }) secret: string;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'Also sent as the Webhook-Id header' }) id: string;
  @ApiProperty() event_id: string;
  @ApiProperty() event_type: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failing'] }) state: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: Number, nullable: true }) last_status: number | null;
  @ApiProperty({ type: String, nullable: true }) last_error: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_attempt_at: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) delivered_at: Date | null;
}
