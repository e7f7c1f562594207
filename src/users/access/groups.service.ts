import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Repository } from 'typeorm';
import { violatedUniqueConstraint } from '../../database/postgres-errors';
import { User } from '../user.entity';
import { AccessError, AccessErrorCode } from './access.error';
import { assertValidDescription, assertValidName, isUuid, type GroupInput } from './access-input';
import { Group } from './group.entity';
import { GroupMember } from './group-member.entity';
import { assertMayNest, MAX_GROUP_DEPTH } from './group-hierarchy';

const notFound = (id: string) => new AccessError(AccessErrorCode.GroupNotFound, `no group ${id}`);

/** Groups, their nesting and their members. */
@Injectable()
export class GroupsService {
  constructor(
    @InjectRepository(Group) private readonly groups: Repository<Group>,
    @InjectRepository(GroupMember) private readonly members: Repository<GroupMember>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  list(): Promise<Group[]> {
    return this.groups.find({ order: { name: 'ASC' } });
  }

  async get(id: string): Promise<Group> {
    const group = isUuid(id) ? await this.groups.findOneBy({ id }) : null;
    if (!group) throw notFound(id);
    return group;
  }

  findByName(name: string): Promise<Group | null> {
    return this.groups.createQueryBuilder('g').where('lower(g.name) = lower(:name)', { name }).getOne();
  }

  async create(input: GroupInput): Promise<Group> {
    assertValidName(input.name, AccessErrorCode.InvalidGroup, 'a group');
    assertValidDescription(input.description, AccessErrorCode.InvalidGroup);
    const group = this.groups.create({
      name: input.name,
      description: input.description ?? null,
      parentId: null,
      externalId: input.externalId ?? null,
    });
    return this.dataSource.transaction(async (manager) => {
      if (input.parentId) {
        await this.lockHierarchy(manager);
        const parent = await this.get(input.parentId);
        if ((await this.depthOf(parent.id)) >= MAX_GROUP_DEPTH)
          throw new AccessError(AccessErrorCode.GroupHierarchy, `groups nest at most ${MAX_GROUP_DEPTH} levels deep`);
        group.parentId = parent.id;
      }
      return this.saveUnique(manager.getRepository(Group), group);
    });
  }

  /** Changes the fields given; parentId null makes the group a top-level one. */
  async update(id: string, input: Partial<GroupInput>): Promise<Group> {
    const group = await this.get(id);
    if (input.name !== undefined) {
      assertValidName(input.name, AccessErrorCode.InvalidGroup, 'a group');
      group.name = input.name;
    }
    if (input.description !== undefined) {
      assertValidDescription(input.description, AccessErrorCode.InvalidGroup);
      group.description = input.description;
    }
    if (input.externalId !== undefined) group.externalId = input.externalId;
    return this.dataSource.transaction(async (manager) => {
      if (input.parentId !== undefined && input.parentId !== group.parentId) {
        await this.lockHierarchy(manager);
        if (input.parentId !== null) {
          const parent = await this.get(input.parentId);
          const links = await manager.getRepository(Group).find({ select: { id: true, parentId: true } });
          assertMayNest(links, group.id, parent.id);
        }
        group.parentId = input.parentId;
      }
      return this.saveUnique(manager.getRepository(Group), group);
    });
  }

  /** Refused while the group has subgroups: they would silently lose what they inherit. */
  async delete(id: string): Promise<void> {
    const group = await this.get(id);
    if (await this.groups.existsBy({ parentId: group.id }))
      throw new AccessError(AccessErrorCode.GroupHasSubgroups, 'move or delete the subgroups first');
    await this.groups.delete({ id: group.id });
  }

  subgroupsOf(id: string): Promise<Group[]> {
    return this.groups.find({ where: { parentId: id }, order: { name: 'ASC' } });
  }

  topLevel(): Promise<Group[]> {
    return this.groups.find({ where: { parentId: IsNull() }, order: { name: 'ASC' } });
  }

  /** The direct members, by username. */
  async membersOf(id: string): Promise<User[]> {
    const group = await this.get(id);
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin(GroupMember, 'm', 'm.user_id = u.id AND m.group_id = :groupId', { groupId: group.id })
      .orderBy('lower(u.username)')
      .getMany();
  }

  /** The groups a user is a direct member of. */
  async groupsOf(userId: string): Promise<Group[]> {
    if (!isUuid(userId)) return [];
    const ids = (await this.members.findBy({ userId })).map((m) => m.groupId);
    return ids.length === 0 ? [] : this.groups.find({ where: { id: In(ids) }, order: { name: 'ASC' } });
  }

  /** Idempotent: adding a member twice leaves one membership. Unknown users are refused. */
  async addMember(groupId: string, userId: string): Promise<void> {
    const group = await this.get(groupId);
    await this.assertUserExists(userId);
    await this.members.createQueryBuilder().insert().values({ groupId: group.id, userId }).orIgnore().execute();
  }

  async removeMember(groupId: string, userId: string): Promise<void> {
    const group = await this.get(groupId);
    const result = isUuid(userId) ? await this.members.delete({ groupId: group.id, userId }) : { affected: 0 };
    if (!result.affected) throw new AccessError(AccessErrorCode.MemberNotFound, `user ${userId} is not a member`);
  }

  /** Replaces the direct members in one transaction (SCIM PUT of a group). */
  async setMembers(groupId: string, userIds: readonly string[]): Promise<void> {
    const group = await this.get(groupId);
    const unique = [...new Set(userIds)];
    await this.assertUsersExist(unique);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(GroupMember, { groupId: group.id });
      if (unique.length > 0)
        await manager.insert(
          GroupMember,
          unique.map((userId) => ({ groupId: group.id, userId })),
        );
    });
  }

  /** Marks the group changed (its version), e.g. after its members changed. */
  async touch(id: string): Promise<void> {
    await this.groups.update({ id }, { updatedAt: new Date() });
  }

  /** Throws MemberNotFound naming the first id that is no user, before anything is written. */
  async assertUsersExist(userIds: readonly string[]): Promise<void> {
    const unique = [...new Set(userIds)];
    const malformed = unique.find((id) => !isUuid(id));
    if (malformed !== undefined) throw new AccessError(AccessErrorCode.MemberNotFound, `no user ${malformed}`);
    if (unique.length === 0) return;
    const found = await this.dataSource.getRepository(User).find({ where: { id: In(unique) }, select: { id: true } });
    const known = new Set(found.map((u) => u.id));
    const missing = unique.find((id) => !known.has(id));
    if (missing !== undefined) throw new AccessError(AccessErrorCode.MemberNotFound, `no user ${missing}`);
  }

  private async assertUserExists(userId: string): Promise<void> {
    if (!isUuid(userId) || !(await this.dataSource.getRepository(User).existsBy({ id: userId })))
      throw new AccessError(AccessErrorCode.MemberNotFound, `no user ${userId}`);
  }

  private async depthOf(groupId: string): Promise<number> {
    let depth = 0;
    for (let at: string | null = groupId; at !== null && depth <= MAX_GROUP_DEPTH; depth++) {
      const row: Group | null = await this.groups.findOne({ where: { id: at }, select: { id: true, parentId: true } });
      at = row?.parentId ?? null;
    }
    return depth;
  }

  /** Nesting changes run one at a time, so two moves cannot make a cycle between them. */
  private async lockHierarchy(manager: { query: (sql: string) => Promise<unknown> }): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('groups.hierarchy'))`);
  }

  private async saveUnique(repository: Repository<Group>, group: Group): Promise<Group> {
    try {
      return await repository.save(group);
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'groups_name_lower_key')
        throw new AccessError(AccessErrorCode.GroupExists, `a group named ${group.name} exists`);
      throw error;
    }
  }
}
