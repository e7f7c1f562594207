import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import {
  LINKS_A_NEW_PASSWORD_RETIRES,
  LINKS_DISABLING_RETIRES,
  LINKS_ENDING_SESSIONS_RETIRES,
} from '../../account/tokens/user-action-token.entity';
import { UserActionTokens } from '../../account/tokens/user-action-tokens.service';
import { UsersError, UsersErrorCode } from '../../users/users.error';
import { UsersService } from '../../users/users.service';
import { AdminError, AdminErrorCode } from '../admin.error';
import { fieldsGiven } from '../http/fields-given';
import { Page, pageBounds, SearchPageQueryDto } from '../http/page.dto';
import { UserAccessRecords } from './user-access-records';
import type { ConsentDto, GrantDto, RevokedCountDto, SessionDto } from './user-access.dto';
import type { CreateUserDto, UpdateUserDto, UserDto } from './user.dto';
import { toCreateUserInput, toUpdateUserInput, toUserDto } from './user-mapping';

/** User administration: accounts through the users module, sign-in leftovers through UserAccessRecords. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersService,
    private readonly access: UserAccessRecords,
    private readonly audit: AuditService,
    private readonly links: UserActionTokens,
  ) {}

  async list(query: SearchPageQueryDto): Promise<Page<UserDto>> {
    const { offset, limit } = pageBounds(query);
    const { users, total } = await this.users.list({ offset, limit, search: query.search });
    return { items: users.map(toUserDto), total, offset, limit };
  }

  async get(id: string): Promise<UserDto> {
    return toUserDto(await this.require(id));
  }

  async create(dto: CreateUserDto, by: AuditActor): Promise<UserDto> {
    const user = await this.users.create(toCreateUserInput(dto));
    await this.audit.record({
      ...by,
      type: AuditEventType.UserCreated,
      subject: user.id,
      details: { username: user.username, fields: fieldsGiven(dto) },
    });
    return toUserDto(user);
  }

  async update(id: string, dto: UpdateUserDto, by: AuditActor): Promise<UserDto> {
    const user = await this.users.update(id, toUpdateUserInput(dto));
    await this.audit.record({
      ...by,
      type: AuditEventType.UserUpdated,
      subject: id,
      details: { fields: fieldsGiven(dto) },
    });
    return toUserDto(user);
  }

  /**
   * As a reset does, a new password retires pending change-of-address and reset links: one asked
   * for by whoever the administrator is locking out would otherwise hand the account back.
   */
  async setPassword(id: string, password: string, by: AuditActor): Promise<void> {
    await this.users.setPassword(id, password);
    const linksRetired = await this.links.retire(id, LINKS_A_NEW_PASSWORD_RETIRES);
    await this.audit.record({
      ...by,
      type: AuditEventType.UserPasswordSet,
      subject: id,
      details: { links_retired: linksRetired },
    });
  }

  /**
   * A disabled user is signed out everywhere, every token issued for them stops working, and
   * every link mailed for the account stops working too.
   */
  async disable(id: string, by: AuditActor): Promise<UserDto> {
    await this.users.setDisabled(id, true);
    const sessionsEnded = await this.access.endSessions(id);
    const grantsRevoked = await this.access.revokeGrants(id);
    const linksRetired = await this.links.retire(id, LINKS_DISABLING_RETIRES);
    await this.audit.record({
      ...by,
      type: AuditEventType.UserDisabled,
      subject: id,
      details: { sessions_ended: sessionsEnded, grants_revoked: grantsRevoked, links_retired: linksRetired },
    });
    return this.get(id);
  }

  async enable(id: string, by: AuditActor): Promise<UserDto> {
    await this.users.setDisabled(id, false);
    await this.audit.record({ ...by, type: AuditEventType.UserEnabled, subject: id });
    return this.get(id);
  }

  /** Sessions, consents, grants, codes and tokens go with the user (ON DELETE CASCADE). */
  async delete(id: string, by: AuditActor): Promise<void> {
    await this.users.delete(id);
    await this.audit.record({ ...by, type: AuditEventType.UserDeleted, subject: id });
  }

  async sessions(id: string): Promise<SessionDto[]> {
    await this.require(id);
    return this.access.sessions(id);
  }

  async endSessions(id: string, by: AuditActor, sessionId?: string): Promise<RevokedCountDto> {
    await this.require(id);
    const count = await this.access.endSessions(id, sessionId);
    if (sessionId !== undefined && count === 0)
      throw new AdminError(AdminErrorCode.SessionNotFound, `user ${id} has no open session ${sessionId}`);
    // Every session ended: a change of address one of them asked for goes with them.
    const linksRetired = sessionId === undefined ? await this.links.retire(id, LINKS_ENDING_SESSIONS_RETIRES) : 0;
    await this.audit.record({
      ...by,
      type: AuditEventType.UserSessionsEnded,
      subject: id,
      details: { session_id: sessionId ?? null, count, links_retired: linksRetired },
    });
    return { count };
  }

  async consents(id: string): Promise<ConsentDto[]> {
    await this.require(id);
    return this.access.consents(id);
  }

  async revokeConsent(id: string, clientId: string, by: AuditActor): Promise<RevokedCountDto> {
    await this.require(id);
    const { deleted, grantsRevoked } = await this.access.deleteConsent(id, clientId);
    if (deleted === 0 && grantsRevoked === 0)
      throw new AdminError(AdminErrorCode.ConsentNotFound, `user ${id} has not consented to client ${clientId}`);
    await this.audit.record({
      ...by,
      type: AuditEventType.UserConsentRevoked,
      subject: id,
      details: { client_id: clientId, grants_revoked: grantsRevoked },
    });
    return { count: grantsRevoked };
  }

  async grants(id: string): Promise<GrantDto[]> {
    await this.require(id);
    return this.access.grants(id);
  }

  async revokeGrants(id: string, by: AuditActor, grantId?: string): Promise<RevokedCountDto> {
    await this.require(id);
    const count = await this.access.revokeGrants(id, grantId);
    if (grantId !== undefined && count === 0)
      throw new AdminError(AdminErrorCode.GrantNotFound, `user ${id} has no active grant ${grantId}`);
    await this.audit.record({
      ...by,
      type: AuditEventType.UserGrantsRevoked,
      subject: id,
      details: { grant_id: grantId ?? null, count },
    });
    return { count };
  }

  private async require(id: string) {
    const user = await this.users.findById(id);
    if (!user) throw new UsersError(UsersErrorCode.UserNotFound, `no user ${id}`);
    return user;
  }
}
