import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { MailDeliveryHandler } from './mail-delivery.handler';
import { MailService } from './mail.service';

/** Mail from templates (views/mail), delivered through the outbox over SMTP, or the development outbox. */
@Module({
  imports: [OutboxModule],
  providers: [MailService, MailDeliveryHandler],
  exports: [MailService],
})
export class MailModule {}
