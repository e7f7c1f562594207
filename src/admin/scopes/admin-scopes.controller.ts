import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { ErrorResponseDto } from '../http/error-response.dto';
import { AdminScopesService } from './admin-scopes.service';
import { CreateScopeDto, ScopeDto, UpdateScopeDto } from './scope.dto';

@AdminApi('Scopes')
@Controller('admin/scopes')
@ApiNotFoundResponse({ description: 'No such scope', type: ErrorResponseDto })
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
  @ApiConflictResponse({ description: 'A scope of that name exists', type: ErrorResponseDto })
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
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a scope no client may ask for any more' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflictResponse({ description: 'Clients still use the scope, or it is openid', type: ErrorResponseDto })
  delete(@Param('name') name: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.scopes.delete(name, by);
  }
}
