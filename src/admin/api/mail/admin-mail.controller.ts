import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOperation } from '@nestjs/swagger';
import { AppConfig } from '../../../config/app-config';
import { MailConfig } from '../../../config/mail.config';
import { MailService } from '../../../mail/mail.service';
import { consoleUrl } from '../../console/console-paths';
import { AdminApiError } from '../../http/admin-api.error';
import { AdminApi } from '../http/admin-api.decorator';
import { ErrorResponseDto } from '../http/error-response.dto';
import { TestMailDto, TestMailResultDto } from './test-mail.dto';

@AdminApi('Mail')
@Controller('admin/mail')
export class AdminMailController {
  constructor(
    private readonly mail: MailService,
    private readonly config: AppConfig,
    private readonly mailConfig: MailConfig,
  ) {}

  @Post('test')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue the test-message template to an address: checks SMTP_URL and MAIL_FROM end to end',
  })
  @ApiAcceptedResponse({ type: TestMailResultDto })
  @ApiConflictResponse({ description: 'Mail is off (production without SMTP_URL)', type: ErrorResponseDto })
  async test(@Body() body: TestMailDto): Promise<TestMailResultDto> {
    if (!this.mail.enabled)
      throw new AdminApiError('conflict', 'Mail is off: set SMTP_URL', { code: 'mail_disabled' }, { status: 409 });
    const id = await this.mail.send({
      to: body.to,
      template: 'test-message',
      data: {
        requestedBy: 'the admin API',
        sentAt: new Date().toISOString(),
        consoleUrl: `${this.config.issuer}${consoleUrl('mail')}`,
      },
    });
    return { id, via: this.mailConfig.smtpUrl ? 'smtp' : 'dev-outbox' };
  }
}
