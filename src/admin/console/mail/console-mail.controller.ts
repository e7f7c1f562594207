import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { MailConfig } from '../../../config/mail.config';
import { MailService } from '../../../mail/mail.service';
import type { ConsoleRequest } from '../auth/console-principal';
import { consoleUrl } from '../console-paths';
import type { FormBody } from '../forms/form-input';
import { ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { offsetOf, paginationOf } from '../http/pagination';
import { stateFilterOf, stateOptions, toMailRowView } from './mail-pages';

const PAGE_SIZE = 25;

/** Recent messages with their text and delivery state: the development outbox, and failed SMTP deliveries. */
@ConsolePages()
@Controller('admin/console/mail')
export class ConsoleMailController {
  constructor(
    private readonly mail: MailService,
    private readonly config: MailConfig,
    private readonly view: ConsoleView,
  ) {}

  @Get()
  async list(@Query() query: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const state = stateFilterOf(query.state);
    const page = await this.mail.recent({ state, offset: offsetOf(query), limit: PAGE_SIZE });
    this.view.render(req, res, 'mail', {
      title: 'Mail',
      section: 'mail',
      mode: this.config.smtpUrl ? 'smtp' : this.mail.enabled ? 'dev-outbox' : 'off',
      states: stateOptions(state),
      messages: page.items.map(toMailRowView),
      pagination: paginationOf({ ...page, offset: offsetOf(query), limit: PAGE_SIZE }, consoleUrl('mail'), {
        state,
      }),
    });
  }
}
