import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { BACKCHANNEL_LOGOUT_KIND } from '../../../logout-channels/backchannel-logout.payload';
import { AdminOutboxService } from '../../outbox/admin-outbox.service';
import { formatTimestamp } from '../audit/audit-event-view';
import type { ConsoleRequest } from '../auth/console-principal';
import { consoleUrl } from '../console-paths';
import type { FormBody } from '../forms/form-input';
import { ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { offsetOf, paginationOf } from '../http/pagination';
import { stateFilterOf, stateOptions } from '../mail/mail-pages';

const PAGE_SIZE = 25;

/** Back-channel logout deliveries (OIDC Back-Channel Logout) with their state: the outbox's logout rows. */
@ConsolePages()
@Controller('admin/console/logout-deliveries')
export class ConsoleLogoutDeliveriesController {
  constructor(
    private readonly outbox: AdminOutboxService,
    private readonly view: ConsoleView,
  ) {}

  @Get()
  async list(@Query() query: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const state = stateFilterOf(query.state);
    const offset = offsetOf(query);
    const page = await this.outbox.list({ kind: BACKCHANNEL_LOGOUT_KIND, state, offset, limit: PAGE_SIZE });
    this.view.render(req, res, 'logout-deliveries', {
      title: 'Logout deliveries',
      section: 'logout-deliveries',
      states: stateOptions(state),
      deliveries: page.items.map((d) => {
        const waiting = d.state === 'pending' || d.state === 'sending';
        return {
          id: d.id,
          created: formatTimestamp(d.created_at),
          summary: d.summary,
          state: d.state,
          deliveredTo: d.delivered_to,
          attempts: d.attempts,
          nextAttempt: waiting ? formatTimestamp(d.next_attempt_at) : undefined,
          lastError: d.last_error,
        };
      }),
      pagination: paginationOf({ ...page, offset, limit: PAGE_SIZE }, consoleUrl('logout-deliveries'), {
        state,
      }),
    });
  }
}
