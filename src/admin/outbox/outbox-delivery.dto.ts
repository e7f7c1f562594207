import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { OUTBOX_STATES, type OutboxState } from '../../outbox/outbox-delivery.entity';
import { PageQueryDto } from '../http/page.dto';

export class OutboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OUTBOX_STATES, description: 'failed: deliveries given up after their last attempt' })
  @IsOptional()
  @IsIn(OUTBOX_STATES)
  state?: OutboxState;

  @ApiPropertyOptional({ example: 'mail' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9_.-]{1,64}$/, { message: 'kind must be a delivery kind such as mail' })
  kind?: string;
}

export class OutboxDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'mail' })
  kind: string;

  @ApiProperty({ enum: OUTBOX_STATES })
  state: OutboxState;

  @ApiProperty({ description: 'Attempts made so far' })
  attempts: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'When a pending delivery is tried next (for sending: when its lease runs out)',
  })
  next_attempt_at: Date;

  @ApiProperty({ type: String, nullable: true, example: '550 5.1.1 Mailbox unavailable' })
  last_error: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'smtp', description: 'smtp, dev-outbox, …' })
  delivered_to: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  delivered_at: Date | null;

  @ApiPropertyOptional({ description: 'For mail: the recipient and subject', example: 'to ana@example.com: Welcome' })
  summary?: string;
}
