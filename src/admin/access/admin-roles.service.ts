import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { ClientsService } from '../../clients/clients.service';
import { AccessClaimsService } from '../../users/access/access-claims.service';
import { AccessError, AccessErrorCode } from '../../users/access/access.error';
import { RolesService } from '../../users/access/roles.service';
import { fieldsGiven } from '../http/fields-given';
import { ScopesService } from '../../scopes/scopes.service';
import type {
  AccessClaimSettingsDto,
  ClaimMappingsDto,
  EffectiveAccessDto,
  UpdateAccessClaimSettingsDto,
} from './access-claims.dto';
import { toAccessClaimSettingsDto, toRoleDto, toRoleGrantDto } from './access-mapping';
import type { CreateRoleDto, CreateRoleGrantDto, RoleDto, RoleGrantDto, UpdateRoleDto } from './role.dto';

/** Role administration, role grants, and the clients' groups/roles claim settings, audited. */
@Injectable()
export class AdminRolesService {
  constructor(
    private readonly roles: RolesService,
    private readonly accessClaims: AccessClaimsService,
    private readonly audit: AuditService,
    private readonly clients: ClientsService,
    private readonly scopes: ScopesService,
  ) {}

  /** clientId "global" lists the global roles. */
  async list(clientId?: string): Promise<RoleDto[]> {
    const roles = await this.roles.list(clientId === 'global' ? null : clientId);
    return roles.map(toRoleDto);
  }

  async get(id: string): Promise<RoleDto> {
    return toRoleDto(await this.roles.get(id));
  }

  async create(dto: CreateRoleDto, by: AuditActor): Promise<RoleDto> {
    const role = await this.roles.create({ name: dto.name, clientId: dto.client_id, description: dto.description });
    await this.audit.record({
      ...by,
      type: AuditEventType.RoleCreated,
      subject: role.id,
      details: { name: role.name, client_id: role.clientId },
    });
    return toRoleDto(role);
  }

  async update(id: string, dto: UpdateRoleDto, by: AuditActor): Promise<RoleDto> {
    const role = await this.roles.update(id, { description: dto.description });
    await this.audit.record({
      ...by,
      type: AuditEventType.RoleUpdated,
      subject: id,
      details: { fields: fieldsGiven(dto) },
    });
    return toRoleDto(role);
  }

  async delete(id: string, by: AuditActor): Promise<void> {
    const role = await this.roles.get(id);
    await this.roles.delete(id);
    await this.audit.record({
      ...by,
      type: AuditEventType.RoleDeleted,
      subject: id,
      details: { name: role.name, client_id: role.clientId },
    });
  }

  async grants(id: string): Promise<RoleGrantDto[]> {
    return (await this.roles.grantsOf(id)).map(toRoleGrantDto);
  }

  async grant(id: string, dto: CreateRoleGrantDto, by: AuditActor): Promise<RoleGrantDto> {
    const grant = await this.roles.grant(
      id,
      dto.user_id !== undefined ? { userId: dto.user_id } : { groupId: dto.group_id! },
    );
    await this.audit.record({
      ...by,
      type: AuditEventType.RoleGranted,
      subject: id,
      details: { user_id: grant.userId, group_id: grant.groupId },
    });
    const view = (await this.roles.grantsOf(id)).find((g) => g.id === grant.id);
    return toRoleGrantDto(view ?? { ...grant, granteeName: '' });
  }

  async revoke(id: string, grantId: string, by: AuditActor): Promise<void> {
    await this.roles.revoke(id, grantId);
    await this.audit.record({
      ...by,
      type: AuditEventType.RoleGrantRevoked,
      subject: id,
      details: { grant_id: grantId },
    });
  }

  async claimSettings(clientId: string): Promise<AccessClaimSettingsDto> {
    if (!(await this.clients.findById(clientId)))
      throw new AccessError(AccessErrorCode.ClientNotFound, `no client ${clientId}`);
    return toAccessClaimSettingsDto(await this.accessClaims.settingsFor(clientId));
  }

  async updateClaimSettings(
    clientId: string,
    dto: UpdateAccessClaimSettingsDto,
    by: AuditActor,
  ): Promise<AccessClaimSettingsDto> {
    const settings = await this.accessClaims.updateSettings(clientId, {
      groupsClaim: dto.groups_claim,
      rolesClaim: dto.roles_claim,
      targets: dto.targets,
    });
    await this.audit.record({
      ...by,
      type: AuditEventType.ClientAccessClaimsUpdated,
      subject: clientId,
      details: { fields: fieldsGiven(dto) },
    });
    return toAccessClaimSettingsDto(settings);
  }

  async claimMappings(clientId: string): Promise<ClaimMappingsDto> {
    if (!(await this.clients.findById(clientId)))
      throw new AccessError(AccessErrorCode.ClientNotFound, `no client ${clientId}`);
    return { mappings: await this.accessClaims.mappingsFor(clientId) };
  }

  /** Replaces the client's claim mappings; each rule's scope must exist. */
  async setClaimMappings(clientId: string, dto: ClaimMappingsDto, by: AuditActor): Promise<ClaimMappingsDto> {
    const scopes = [...new Set(dto.mappings.map((m) => m?.scope).filter((s): s is string => typeof s === 'string'))];
    const known = new Set((await this.scopes.findByNames(scopes)).map((s) => s.name));
    const unknown = scopes.filter((s) => !known.has(s));
    if (unknown.length > 0)
      throw new AccessError(AccessErrorCode.InvalidClaimSettings, `mappings: unknown scopes ${unknown.join(', ')}`);
    const mappings = await this.accessClaims.setMappings(clientId, dto.mappings);
    await this.audit.record({
      ...by,
      type: AuditEventType.ClientClaimMappingsUpdated,
      subject: clientId,
      details: { claims: mappings.map((m) => m.claim) },
    });
    return { mappings };
  }

  effectiveAccess(userId: string, clientId?: string): Promise<EffectiveAccessDto> {
    return this.accessClaims.effectiveAccess(userId, clientId ?? null);
  }
}
