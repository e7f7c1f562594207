import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminNoContent, AdminNotFoundResponse } from '../http/admin-responses.decorator';
import { AdminInitialAccessTokensService } from '../../registration/admin-initial-access-tokens.service';
import {
  InitialAccessTokenDto,
  IssuedInitialAccessTokenDto,
  IssueInitialAccessTokenDto,
} from '../../registration/initial-access-token.dto';

@AdminApi('Dynamic registration')
@Controller('admin/initial-access-tokens')
export class AdminInitialAccessTokensController {
  constructor(private readonly tokens: AdminInitialAccessTokensService) {}

  @Get()
  @ApiOperation({ summary: 'List initial access tokens (never the tokens themselves), newest first' })
  @ApiOkResponse({ type: [InitialAccessTokenDto] })
  list() {
    return this.tokens.list();
  }

  @Post()
  @ApiOperation({ summary: 'Issue an initial access token for POST /oauth2/register; returned once' })
  @ApiCreatedResponse({ type: IssuedInitialAccessTokenDto })
  issue(@Body() dto: IssueInitialAccessTokenDto, @AuditedBy() by: AuditActor) {
    return this.tokens.issue(dto, by);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an initial access token: it registers no more clients' })
  @AdminNoContent('Revoked')
  @AdminNotFoundResponse('No such token')
  revoke(@Param('id') id: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.tokens.revoke(id, by);
  }
}
