import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminApi } from '../http/admin-api.decorator';
import { PageOf } from '../../http/page.dto';
import { AdminAuditService } from '../../audit/admin-audit.service';
import { AuditEventDto, AuditEventQueryDto } from '../../audit/audit-event.dto';

const AuditEventPage = PageOf(AuditEventDto, 'AuditEventPage');

@AdminApi('Audit')
@Controller('admin/audit-events')
export class AdminAuditController {
  constructor(private readonly audit: AdminAuditService) {}

  @Get()
  @ApiOperation({ summary: 'List audit events, newest first, filtered by type, actor, subject and time' })
  @ApiOkResponse({ type: AuditEventPage })
  list(@Query() query: AuditEventQueryDto) {
    return this.audit.list(query);
  }
}
