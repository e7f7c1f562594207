import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminConflictResponse, AdminNoContent, AdminNotFoundResponse } from '../http/admin-responses.decorator';
import { AdminRolesService } from '../../access/admin-roles.service';
import {
  CreateRoleDto,
  CreateRoleGrantDto,
  RoleDto,
  RoleGrantDto,
  RoleListQueryDto,
  UpdateRoleDto,
} from '../../access/role.dto';

@AdminApi('Roles')
@Controller('admin/roles')
@AdminNotFoundResponse('No such role, grant, client, user or group')
export class AdminRolesController {
  constructor(private readonly roles: AdminRolesService) {}

  @Get()
  @ApiOperation({ summary: 'List roles: every one, those of a client, or the global ones (client_id=global)' })
  @ApiOkResponse({ type: [RoleDto] })
  list(@Query() query: RoleListQueryDto) {
    return this.roles.list(query.client_id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a role' })
  @ApiOkResponse({ type: RoleDto })
  get(@Param('id') id: string) {
    return this.roles.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a global role, or a role of one client' })
  @ApiCreatedResponse({ type: RoleDto })
  @AdminConflictResponse('A role of that name exists (globally, or for that client)')
  create(@Body() dto: CreateRoleDto, @AuditedBy() by: AuditActor) {
    return this.roles.create(dto, by);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a role’s description' })
  @ApiOkResponse({ type: RoleDto })
  update(@Param('id') id: string, @Body() dto: UpdateRoleDto, @AuditedBy() by: AuditActor) {
    return this.roles.update(id, dto, by);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a role and its grants' })
  @AdminNoContent('Deleted')
  delete(@Param('id') id: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.roles.delete(id, by);
  }

  @Get(':id/grants')
  @ApiOperation({ summary: 'List the users and groups a role is granted to' })
  @ApiOkResponse({ type: [RoleGrantDto] })
  grants(@Param('id') id: string) {
    return this.roles.grants(id);
  }

  @Post(':id/grants')
  @ApiOperation({ summary: 'Grant a role to a user or a group (idempotent); group members and subgroups inherit it' })
  @ApiCreatedResponse({ type: RoleGrantDto })
  grant(@Param('id') id: string, @Body() dto: CreateRoleGrantDto, @AuditedBy() by: AuditActor) {
    return this.roles.grant(id, dto, by);
  }

  @Delete(':id/grants/:grantId')
  @ApiOperation({ summary: 'Revoke a grant of a role' })
  @AdminNoContent('Revoked')
  revoke(@Param('id') id: string, @Param('grantId') grantId: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.roles.revoke(id, grantId, by);
  }
}
