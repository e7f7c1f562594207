import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminConflictResponse, AdminNoContent, AdminNotFoundResponse } from '../http/admin-responses.decorator';
import { AdminScopesService } from '../../scopes/admin-scopes.service';
import { CreateScopeDto, ScopeDto, UpdateScopeDto } from '../../scopes/scope.dto';

@AdminApi('Scopes')
@Controller('admin/scopes')
@AdminNotFoundResponse('No such scope')
export class AdminScopesController {
  constructor(private readonly scopes: AdminScopesService) {}

  @Get()
  @ApiOperation({ summary: 'List every scope' })
  @ApiOkResponse({ type: [ScopeDto] })
  list() {
    return this.scopes.list();
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a scope (URL-encode names holding / or :)' })
  @ApiOkResponse({ type: ScopeDto })
  get(@Param('name') name: string) {
    return this.scopes.get(name);
  }

  @Post()
  @ApiOperation({ summary: 'Create a scope' })
  @ApiCreatedResponse({ type: ScopeDto })
  @AdminConflictResponse('A scope of that name exists')
  create(@Body() dto: CreateScopeDto, @AuditedBy() by: AuditActor) {
    return this.scopes.create(dto, by);
  }

  @Patch(':name')
  @ApiOperation({ summary: 'Change a scope’s description or claims' })
  @ApiOkResponse({ type: ScopeDto })
  update(@Param('name') name: string, @Body() dto: UpdateScopeDto, @AuditedBy() by: AuditActor) {
    return this.scopes.update(name, dto, by);
  }

  @Delete(':name')
  @ApiOperation({ summary: 'Delete a scope no client may ask for any more' })
  @AdminNoContent('Deleted')
  @AdminConflictResponse('Clients still use the scope, or it is openid')
  delete(@Param('name') name: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.scopes.delete(name, by);
  }
}
