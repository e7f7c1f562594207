import { ApiProperty } from '@nestjs/swagger';

export class MailSentDto {
  @ApiProperty({ description: 'The address the link was queued to', example: 'alice@example.com' })
  sent_to: string;
}
