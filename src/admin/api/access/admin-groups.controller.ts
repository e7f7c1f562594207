import { Body, Controller, Delete, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminConflictResponse, AdminNoContent, AdminNotFoundResponse } from '../http/admin-responses.decorator';
import { AdminGroupsService } from '../../access/admin-groups.service';
import { CreateGroupDto, GroupDto, GroupMemberDto, UpdateGroupDto } from '../../access/group.dto';

@AdminApi('Groups')
@Controller('admin/groups')
@AdminNotFoundResponse('No such group (or user, or membership)')
export class AdminGroupsController {
  constructor(private readonly groups: AdminGroupsService) {}

  @Get()
  @ApiOperation({ summary: 'List every group' })
  @ApiOkResponse({ type: [GroupDto] })
  list() {
    return this.groups.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a group' })
  @ApiOkResponse({ type: GroupDto })
  get(@Param('id') id: string) {
    return this.groups.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a group, optionally inside another' })
  @ApiCreatedResponse({ type: GroupDto })
  @AdminConflictResponse('A group of that name exists, or the nesting would be deeper than 3 levels')
  create(@Body() dto: CreateGroupDto, @AuditedBy() by: AuditActor) {
    return this.groups.create(dto, by);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a group, change its description, or move it (parent_id)' })
  @ApiOkResponse({ type: GroupDto })
  @AdminConflictResponse('The name is taken, or the move makes a cycle or nests deeper than 3 levels')
  update(@Param('id') id: string, @Body() dto: UpdateGroupDto, @AuditedBy() by: AuditActor) {
    return this.groups.update(id, dto, by);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a group; its memberships and role grants go with it' })
  @AdminNoContent('Deleted')
  @AdminConflictResponse('The group has subgroups')
  delete(@Param('id') id: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.groups.delete(id, by);
  }

  @Get(':id/members')
  @ApiOperation({ summary: 'List the direct members of a group' })
  @ApiOkResponse({ type: [GroupMemberDto] })
  members(@Param('id') id: string) {
    return this.groups.members(id);
  }

  @Put(':id/members/:userId')
  @ApiOperation({ summary: 'Add a user to a group (idempotent)' })
  @AdminNoContent('Added')
  addMember(@Param('id') id: string, @Param('userId') userId: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.groups.addMember(id, userId, by);
  }

  @Delete(':id/members/:userId')
  @ApiOperation({ summary: 'Remove a user from a group' })
  @AdminNoContent('Removed')
  removeMember(@Param('id') id: string, @Param('userId') userId: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.groups.removeMember(id, userId, by);
  }
}
