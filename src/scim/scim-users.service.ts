import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-event-input';
import { AppConfig } from '../config/app-config';
import { AdminUsersService } from '../admin/users/admin-users.service';
import type { CreateUserDto, UpdateUserDto } from '../admin/users/user.dto';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { notFound, ScimError } from './scim-error';
import { parseScimFilter } from './scim-filter';
import { LIST_SCHEMA, SCIM_PATH, versionOf } from './scim-schemas';
import type { ScimDeleteMode } from './scim-token.entity';
import { patchOperationsOf } from './scim-patch-operations';
import { userPatchOf } from './scim-user-patch';
import { scimUserOf, userFieldsOf, userFilterOf, type ScimUserFields } from './scim-user.mapping';
import { MAX_PAGE_OFFSET } from '../admin/http/page.dto';

export const MAX_COUNT = 100;

/**
 * RFC 7644 §3.4.2.4: 1-based startIndex (below 1 is 1; beyond every list, an empty page), count
 * capped (negative is 0).
 */
export function pageOf(startIndex: unknown, count: unknown): { offset: number; limit: number; startIndex: number } {
  const parsedStart = Number.parseInt(String(startIndex ?? '1'), 10) || 1;
  const start = Math.min(MAX_PAGE_OFFSET, Math.max(1, parsedStart));
  const parsedCount = Number.parseInt(String(count ?? MAX_COUNT), 10);
  const limit = Math.min(MAX_COUNT, Math.max(0, Number.isNaN(parsedCount) ? MAX_COUNT : parsedCount));
  return { offset: start - 1, limit, startIndex: start };
}

/** RFC 7644 §3.14: a precondition on the version, when the client sent If-Match. */
export function assertVersion(updatedAt: Date, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const current = versionOf(updatedAt);
  const listed = ifMatch.split(',').map((v) => v.trim());
  if (!listed.some((v) => v === current || `W/${v}` === current))
    throw new ScimError(412, 'the resource changed since that version');
}

/** SCIM Users over the server's accounts; every change goes through the admin services (audited). */
@Injectable()
export class ScimUsersService {
  private readonly base: string;

  constructor(
    private readonly users: UsersService,
    private readonly admin: AdminUsersService,
    config: AppConfig,
  ) {
    this.base = `${config.issuer}${SCIM_PATH}`;
  }

  async list(query: { filter?: string; startIndex?: unknown; count?: unknown }) {
    const filter = query.filter === undefined ? undefined : userFilterOf(parseScimFilter(query.filter));
    const page = pageOf(query.startIndex, query.count);
    const { items, total } =
      page.limit === 0 && filter === undefined
        ? { items: [], total: (await this.users.search(undefined, 0, 1)).total }
        : await this.users.search(filter, page.offset, page.limit);
    return {
      schemas: [LIST_SCHEMA],
      totalResults: total,
      startIndex: page.startIndex,
      itemsPerPage: items.length,
      Resources: items.map((u) => scimUserOf(u, this.base)),
    };
  }

  async get(id: string): Promise<Record<string, unknown>> {
    return scimUserOf(await this.require(id), this.base);
  }

  async create(body: Record<string, unknown>, by: AuditActor): Promise<Record<string, unknown>> {
    const fields = userFieldsOf(body);
    const created = await this.admin.create(
      {
        username: fields.userName!,
        email: fields.email,
        given_name: fields.givenName,
        family_name: fields.familyName,
        name: fields.displayName,
        disabled: fields.active === false,
      } as CreateUserDto,
      by,
    );
    if (fields.externalId) await this.users.setExternalId(created.id, fields.externalId);
    return this.get(created.id);
  }

  /** PUT: the resource as sent; attributes left out are cleared (RFC 7644 §3.5.1). */
  async replace(id: string, body: Record<string, unknown>, ifMatch: string | undefined, by: AuditActor) {
    const user = await this.require(id);
    assertVersion(user.updatedAt, ifMatch);
    return this.apply(user, userFieldsOf(body), by);
  }

  async patch(id: string, body: Record<string, unknown>, ifMatch: string | undefined, by: AuditActor) {
    const user = await this.require(id);
    assertVersion(user.updatedAt, ifMatch);
    return this.apply(user, userPatchOf(patchOperationsOf(body)), by);
  }

  /** Deprovisioning: per the token's setting, the account is disabled (sessions and tokens end) or deleted. */
  async delete(id: string, ifMatch: string | undefined, mode: ScimDeleteMode, by: AuditActor): Promise<void> {
    const user = await this.require(id);
    assertVersion(user.updatedAt, ifMatch);
    if (mode === 'delete') await this.admin.delete(user.id, by);
    else if (!user.disabled) await this.admin.disable(user.id, by);
  }

  private async apply(user: User, fields: ScimUserFields, by: AuditActor) {
    const profile: UpdateUserDto = {};
    if (fields.userName !== undefined && fields.userName !== user.username) profile.username = fields.userName;
    if (fields.email !== undefined && fields.email !== user.email) profile.email = fields.email;
    if (fields.givenName !== undefined && fields.givenName !== user.givenName) profile.given_name = fields.givenName;
    if (fields.familyName !== undefined && fields.familyName !== user.familyName)
      profile.family_name = fields.familyName;
    if (fields.displayName !== undefined && fields.displayName !== user.name) profile.name = fields.displayName;
    if (Object.keys(profile).length > 0) await this.admin.update(user.id, profile, by);
    if (fields.externalId !== undefined && fields.externalId !== user.externalId)
      await this.users.setExternalId(user.id, fields.externalId);
    // active=false is deprovisioning: the admin disable path ends sessions and revokes every token.
    if (fields.active === false && !user.disabled) await this.admin.disable(user.id, by);
    if (fields.active === true && user.disabled) await this.admin.enable(user.id, by);
    return this.get(user.id);
  }

  private async require(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw notFound(`no user ${id}`);
    return user;
  }
}
