import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, QueryFailedError, Repository } from 'typeorm';
import { violatedUniqueConstraint } from '../../database/postgres-errors';
import { User } from '../user.entity';
import { AccessError, AccessErrorCode } from './access.error';
import { assertValidDescription, assertValidName, isUuid, type RoleGrantee, type RoleInput } from './access-input';
import { Group } from './group.entity';
import { Role } from './role.entity';
import { RoleGrant } from './role-grant.entity';

/** A grant with the name of whom it is granted to, for listings. */
export interface RoleGrantView {
  id: string;
  roleId: string;
  userId: string | null;
  groupId: string | null;
  /** The username or the group name. */
  granteeName: string;
  createdAt: Date;
}

const FOREIGN_KEY_VIOLATION = '23503';
const isForeignKeyViolation = (error: unknown) =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === FOREIGN_KEY_VIOLATION;

/** Roles, global or of one client, and their grants to users and groups. */
@Injectable()
export class RolesService {
  constructor(
    @InjectRepository(Role) private readonly roles: Repository<Role>,
    @InjectRepository(RoleGrant) private readonly grants: Repository<RoleGrant>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Every role, or those of one client; clientId null lists the global ones. */
  list(clientId?: string | null): Promise<Role[]> {
    const where = clientId === undefined ? {} : { clientId: clientId === null ? IsNull() : clientId };
    return this.roles.find({ where, order: { clientId: 'ASC', name: 'ASC' } });
  }

  async get(id: string): Promise<Role> {
    const role = isUuid(id) ? await this.roles.findOneBy({ id }) : null;
    if (!role) throw new AccessError(AccessErrorCode.RoleNotFound, `no role ${id}`);
    return role;
  }

  async create(input: RoleInput): Promise<Role> {
    assertValidName(input.name, AccessErrorCode.InvalidRole, 'a role');
    assertValidDescription(input.description, AccessErrorCode.InvalidRole);
    const role = this.roles.create({
      name: input.name,
      clientId: input.clientId ?? null,
      description: input.description ?? null,
    });
    try {
      return await this.roles.save(role);
    } catch (error) {
      if (violatedUniqueConstraint(error) !== undefined)
        throw new AccessError(
          AccessErrorCode.RoleExists,
          `a role named ${role.name} exists for that client or globally`,
        );
      if (isForeignKeyViolation(error))
        throw new AccessError(AccessErrorCode.ClientNotFound, `no client ${String(input.clientId)}`);
      throw error;
    }
  }

  /** Only the description changes: a role's name is what RPs check, and its client what scopes it. */
  async update(id: string, input: { description?: string | null }): Promise<Role> {
    const role = await this.get(id);
    if (input.description !== undefined) {
      assertValidDescription(input.description, AccessErrorCode.InvalidRole);
      role.description = input.description;
    }
    return this.roles.save(role);
  }

  async delete(id: string): Promise<void> {
    const role = await this.get(id);
    await this.roles.delete({ id: role.id });
  }

  /** Idempotent: granting twice returns the grant made first. */
  async grant(roleId: string, to: RoleGrantee): Promise<RoleGrant> {
    const role = await this.get(roleId);
    const grantee = to.userId !== undefined ? { userId: to.userId } : { groupId: to.groupId };
    const id = grantee.userId ?? grantee.groupId;
    const exists = isUuid(id)
      ? grantee.userId !== undefined
        ? await this.dataSource.getRepository(User).existsBy({ id })
        : await this.dataSource.getRepository(Group).existsBy({ id })
      : false;
    if (!exists)
      throw new AccessError(
        grantee.userId !== undefined ? AccessErrorCode.MemberNotFound : AccessErrorCode.GroupNotFound,
        `no ${grantee.userId !== undefined ? 'user' : 'group'} ${id}`,
      );
    await this.grants
      .createQueryBuilder()
      .insert()
      .values({ roleId: role.id, userId: grantee.userId ?? null, groupId: grantee.groupId ?? null })
      .orIgnore()
      .execute();
    const grant = await this.grants.findOneBy({
      roleId: role.id,
      userId: grantee.userId ?? IsNull(),
      groupId: grantee.groupId ?? IsNull(),
    });
    if (!grant) throw new AccessError(AccessErrorCode.RoleNotFound, `no role ${roleId}`);
    return grant;
  }

  async revoke(roleId: string, grantId: string): Promise<void> {
    const result =
      isUuid(roleId) && isUuid(grantId) ? await this.grants.delete({ id: grantId, roleId }) : { affected: 0 };
    if (!result.affected) throw new AccessError(AccessErrorCode.GrantNotFound, `no grant ${grantId} of role ${roleId}`);
  }

  async grantsOf(roleId: string): Promise<RoleGrantView[]> {
    const role = await this.get(roleId);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT rg.id, rg.role_id, rg.user_id, rg.group_id, rg.created_at, coalesce(u.username, g.name) AS grantee_name
         FROM role_grants rg LEFT JOIN users u ON u.id = rg.user_id LEFT JOIN groups g ON g.id = rg.group_id
        WHERE rg.role_id = $1 ORDER BY grantee_name`,
      [role.id],
    );
    return rows.map((r) => ({
      id: r.id as string,
      roleId: r.role_id as string,
      userId: (r.user_id as string | null) ?? null,
      groupId: (r.group_id as string | null) ?? null,
      granteeName: r.grantee_name as string,
      createdAt: r.created_at as Date,
    }));
  }
}
