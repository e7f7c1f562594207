import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { DiscoveryDocuments } from '../../discovery/discovery-documents';
import type { Scope } from '../../scopes/scope.entity';
import { ScopesError, ScopesErrorCode } from '../../scopes/scopes.error';
import { ScopesService } from '../../scopes/scopes.service';
import { fieldsGiven } from '../http/fields-given';
import type { CreateScopeDto, ScopeDto, UpdateScopeDto } from './scope.dto';

const toScopeDto = (s: Scope): ScopeDto => ({
  name: s.name,
  description: s.description,
  claims: s.claims,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
});

/** Scope administration; every change also rebuilds this replica's discovery document. */
@Injectable()
export class AdminScopesService {
  constructor(
    private readonly scopes: ScopesService,
    private readonly discovery: DiscoveryDocuments,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ScopeDto[]> {
    return (await this.scopes.findAll()).map(toScopeDto);
  }

  async get(name: string): Promise<ScopeDto> {
    const [scope] = await this.scopes.findByNames([name]);
    if (!scope) throw new ScopesError(ScopesErrorCode.ScopeNotFound, `no scope ${name}`);
    return toScopeDto(scope);
  }

  async create(dto: CreateScopeDto, by: AuditActor): Promise<ScopeDto> {
    const scope = await this.scopes.create(dto);
    this.discovery.invalidate();
    await this.audit.record({
      ...by,
      type: AuditEventType.ScopeCreated,
      subject: scope.name,
      details: { claims: scope.claims },
    });
    return toScopeDto(scope);
  }

  async update(name: string, dto: UpdateScopeDto, by: AuditActor): Promise<ScopeDto> {
    const scope = await this.scopes.update(name, dto);
    this.discovery.invalidate();
    await this.audit.record({
      ...by,
      type: AuditEventType.ScopeUpdated,
      subject: name,
      details: { fields: fieldsGiven(dto) },
    });
    return toScopeDto(scope);
  }

  /** Refused (409) while a client may still ask for the scope, and for openid. */
  async delete(name: string, by: AuditActor): Promise<void> {
    await this.scopes.delete(name);
    this.discovery.invalidate();
    await this.audit.record({ ...by, type: AuditEventType.ScopeDeleted, subject: name });
  }
}
