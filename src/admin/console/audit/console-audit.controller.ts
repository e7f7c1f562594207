import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AdminAuditService } from '../../audit/admin-audit.service';
import type { ConsoleRequest } from '../auth/console-principal';
import { consoleUrl } from '../console-paths';
import type { FormBody } from '../forms/form-input';
import { FormView } from '../forms/form-view';
import { ConsolePages } from '../http/console-pages.decorator';
import { ConsoleView } from '../http/console-view';
import { offsetOf, paginationOf } from '../http/pagination';
import { AUDIT_TYPE_SUGGESTIONS, auditFilterFields, auditFilterValuesOf, auditQueryOf } from './audit-filter';
import { toAuditEventView } from './audit-event-view';

const PAGE_SIZE = 50;

@ConsolePages()
@Controller('admin/console/audit')
export class ConsoleAuditController {
  constructor(
    private readonly audit: AdminAuditService,
    private readonly view: ConsoleView,
  ) {}

  @Get()
  async list(@Query() query: FormBody, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const values = auditFilterValuesOf(query);
    const check = await auditQueryOf(values);
    const form = new FormView(values, check.ok ? {} : check.errors);
    const page = check.ok ? await this.audit.list({ ...check.dto, offset: offsetOf(query), limit: PAGE_SIZE }) : null;
    this.view.render(
      req,
      res,
      'audit',
      {
        title: 'Audit log',
        section: 'audit',
        filters: auditFilterFields(form),
        errorSummary: form.summary(),
        typeSuggestions: AUDIT_TYPE_SUGGESTIONS,
        clearHref: consoleUrl('audit'),
        events: page?.items.map(toAuditEventView) ?? [],
        pagination: page && paginationOf(page, consoleUrl('audit'), values),
      },
      page ? 200 : 400,
    );
  }
}
