import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminConflictResponse, AdminNoContent, AdminNotFoundResponse } from '../http/admin-responses.decorator';
import { AdminUpstreamProvidersService } from '../../upstream-providers/admin-upstream-providers.service';
import {
  CreateUpstreamProviderDto,
  UpdateUpstreamProviderDto,
  UpstreamProviderDto,
} from '../../upstream-providers/upstream-provider.dto';

@AdminApi('Upstream providers')
@Controller('admin/upstream-providers')
@AdminNotFoundResponse('No such upstream provider')
export class AdminUpstreamProvidersController {
  constructor(private readonly providers: AdminUpstreamProvidersService) {}

  @Get()
  @ApiOperation({ summary: 'List the upstream OpenID providers users may sign in through' })
  @ApiOkResponse({ type: [UpstreamProviderDto] })
  list() {
    return this.providers.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an upstream provider' })
  @ApiOkResponse({ type: UpstreamProviderDto })
  get(@Param('id') id: string) {
    return this.providers.get(id);
  }

  @Post()
  @ApiOperation({
    summary: 'Add an upstream provider',
    description: 'Register the returned redirect_uri at the provider. The client secret is stored encrypted.',
  })
  @ApiCreatedResponse({ type: UpstreamProviderDto })
  @AdminConflictResponse('A provider with that id exists')
  create(@Body() dto: CreateUpstreamProviderDto, @AuditedBy() by: AuditActor) {
    return this.providers.create(dto, by);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an upstream provider’s settings, secret or link policy' })
  @ApiOkResponse({ type: UpstreamProviderDto })
  update(@Param('id') id: string, @Body() dto: UpdateUpstreamProviderDto, @AuditedBy() by: AuditActor) {
    return this.providers.update(id, dto, by);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete an upstream provider and its links to local users (disable it to keep them)' })
  @AdminNoContent('Deleted')
  delete(@Param('id') id: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.providers.delete(id, by);
  }
}
