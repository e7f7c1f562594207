import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AdminApiResourcesService } from '../../api-resources/admin-api-resources.service';
import { ApiResourceDto, CreateApiResourceDto, UpdateApiResourceDto } from '../../api-resources/api-resource.dto';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminConflictResponse, AdminNoContent, AdminNotFoundResponse } from '../http/admin-responses.decorator';

@AdminApi('API resources')
@Controller('admin/api-resources')
@AdminNotFoundResponse('No such API resource')
export class AdminApiResourcesController {
  constructor(private readonly resources: AdminApiResourcesService) {}

  @Get()
  @ApiOperation({ summary: 'List every API resource (resource server), with its scopes' })
  @ApiOkResponse({ type: [ApiResourceDto] })
  list() {
    return this.resources.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an API resource' })
  @ApiOkResponse({ type: ApiResourceDto })
  get(@Param('id') id: string) {
    return this.resources.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Define an API resource: clients then name it in `resource` (RFC 8707)' })
  @ApiCreatedResponse({ type: ApiResourceDto })
  @AdminConflictResponse('An API resource has that identifier, or a scope belongs to another one')
  create(@Body() dto: CreateApiResourceDto, @AuditedBy() by: AuditActor) {
    return this.resources.create(dto, by);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an API resource’s name, scopes, token settings or introspection client' })
  @ApiOkResponse({ type: ApiResourceDto })
  @AdminConflictResponse('A scope belongs to another API resource')
  update(@Param('id') id: string, @Body() dto: UpdateApiResourceDto, @AuditedBy() by: AuditActor) {
    return this.resources.update(id, dto, by);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete an API resource; its scopes then belong to none' })
  @AdminNoContent('Deleted')
  delete(@Param('id') id: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.resources.delete(id, by);
  }
}
