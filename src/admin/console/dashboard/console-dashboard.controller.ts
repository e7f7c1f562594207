import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AdminAuditService } from '../../audit/admin-audit.service';
import { AdminClientsService } from '../../clients/admin-clients.service';
import { AdminUsersService } from '../../users/admin-users.service';
import type { ConsoleRequest } from '../auth/console-principal';
import { toAuditEventView } from '../audit/audit-event-view';
import { consoleUrl } from '../console-paths';
import { ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { ActivityCounts } from './activity-counts';

const RECENT_SECURITY_EVENTS = 10;
const SECURITY_AREA = 'security.*';

@ConsolePages()
@Controller('admin/console')
export class ConsoleDashboardController {
  constructor(
    private readonly clients: AdminClientsService,
    private readonly users: AdminUsersService,
    private readonly audit: AdminAuditService,
    private readonly activity: ActivityCounts,
    private readonly view: ConsoleView,
  ) {}

  @Get()
  async dashboard(@Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const [clients, users, activity, events] = await Promise.all([
      this.clients.list({ limit: 1 }),
      this.users.list({ limit: 1 }),
      this.activity.current(),
      this.audit.list({ type: SECURITY_AREA, limit: RECENT_SECURITY_EVENTS }),
    ]);
    this.view.render(req, res, 'dashboard', {
      title: 'Dashboard',
      section: 'dashboard',
      counts: [
        { label: 'Clients', value: clients.total, href: consoleUrl('clients') },
        { label: 'Users', value: users.total, href: consoleUrl('users') },
        {
          label: 'Active sessions',
          value: activity.activeSessions,
          help: 'Browser sessions neither ended nor expired',
        },
        {
          label: 'Tokens issued, last 24 h',
          value: activity.tokensIssuedLastDay,
          help: 'Opaque access tokens and refresh tokens; JWT access tokens are not stored, so not counted',
        },
      ],
      events: events.items.map(toAuditEventView),
      allEventsHref: `${consoleUrl('audit')}?type=${encodeURIComponent(SECURITY_AREA)}`,
    });
  }
}
