import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { GroupsService } from '../../users/access/groups.service';
import { fieldsGiven } from '../http/fields-given';
import { toGroupDto, toGroupMemberDto } from './access-mapping';
import type { CreateGroupDto, GroupDto, GroupMemberDto, UpdateGroupDto } from './group.dto';

/** Group administration, audited. */
@Injectable()
export class AdminGroupsService {
  constructor(
    private readonly groups: GroupsService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<GroupDto[]> {
    return (await this.groups.list()).map(toGroupDto);
  }

  async get(id: string): Promise<GroupDto> {
    return toGroupDto(await this.groups.get(id));
  }

  async create(dto: CreateGroupDto, by: AuditActor): Promise<GroupDto> {
    const group = await this.groups.create({ name: dto.name, description: dto.description, parentId: dto.parent_id });
    await this.audit.record({
      ...by,
      type: AuditEventType.GroupCreated,
      subject: group.id,
      details: { name: group.name, parent_id: group.parentId },
    });
    return toGroupDto(group);
  }

  async update(id: string, dto: UpdateGroupDto, by: AuditActor): Promise<GroupDto> {
    const group = await this.groups.update(id, {
      name: dto.name,
      description: dto.description,
      parentId: dto.parent_id,
    });
    await this.audit.record({
      ...by,
      type: AuditEventType.GroupUpdated,
      subject: group.id,
      details: { fields: fieldsGiven(dto) },
    });
    return toGroupDto(group);
  }

  async delete(id: string, by: AuditActor): Promise<void> {
    const group = await this.groups.get(id);
    await this.groups.delete(id);
    await this.audit.record({
      ...by,
      type: AuditEventType.GroupDeleted,
      subject: group.id,
      details: { name: group.name },
    });
  }

  async members(id: string): Promise<GroupMemberDto[]> {
    return (await this.groups.membersOf(id)).map(toGroupMemberDto);
  }

  async addMember(id: string, userId: string, by: AuditActor): Promise<void> {
    await this.groups.addMember(id, userId);
    await this.audit.record({
      ...by,
      type: AuditEventType.GroupMemberAdded,
      subject: id,
      details: { user_id: userId },
    });
  }

  async removeMember(id: string, userId: string, by: AuditActor): Promise<void> {
    await this.groups.removeMember(id, userId);
    await this.audit.record({
      ...by,
      type: AuditEventType.GroupMemberRemoved,
      subject: id,
      details: { user_id: userId },
    });
  }
}
