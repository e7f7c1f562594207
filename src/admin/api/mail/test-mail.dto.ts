import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, Matches, MaxLength } from 'class-validator';
import { PLAIN_EMAIL_ADDRESS } from '../../../common/text/plain-email-address';

export class TestMailDto {
  @ApiProperty({ example: 'ops@example.com', description: 'Where to send the test message' })
  @IsEmail({ require_tld: false })
  @Matches(PLAIN_EMAIL_ADDRESS, { message: 'to must be one plain address, without quotes or a display name' })
  @MaxLength(254)
  to: string;
}

export class TestMailResultDto {
  @ApiProperty({ format: 'uuid', description: 'The outbox delivery: follow it with GET /admin/outbox' })
  id: string;

  @ApiProperty({ example: 'smtp', enum: ['smtp', 'dev-outbox'], description: 'Where the message goes' })
  via: 'smtp' | 'dev-outbox';
}
