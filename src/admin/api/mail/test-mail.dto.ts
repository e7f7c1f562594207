import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';

export class TestMailDto {
  @ApiProperty({ example: 'ops@example.com', description: 'Where to send the test message' })
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  to: string;
}

export class TestMailResultDto {
  @ApiProperty({ format: 'uuid', description: 'The outbox delivery: follow it with GET /admin/outbox' })
  id: string;

  @ApiProperty({ example: 'smtp', enum: ['smtp', 'dev-outbox'], description: 'Where the message goes' })
  via: 'smtp' | 'dev-outbox';
}
