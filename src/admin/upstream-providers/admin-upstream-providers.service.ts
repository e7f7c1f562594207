import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { AppConfig } from '../../config/app-config';
import { callbackUrl } from '../../federation/login/callback-url';
import { UpstreamProvidersService } from '../../federation/providers/upstream-providers.service';
import { fieldsGiven } from '../http/fields-given';
import type {
  CreateUpstreamProviderDto,
  UpdateUpstreamProviderDto,
  UpstreamProviderDto,
} from './upstream-provider.dto';
import {
  toCreateUpstreamProviderInput,
  toUpstreamProviderDto,
  toUpstreamProviderSettings,
} from './upstream-provider-mapping';

/** Upstream provider administration; the audit trail names the fields changed, never the secret. */
@Injectable()
export class AdminUpstreamProvidersService {
  constructor(
    private readonly providers: UpstreamProvidersService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async list(): Promise<UpstreamProviderDto[]> {
    return (await this.providers.list()).map((p) => this.toDto(p));
  }

  async get(id: string): Promise<UpstreamProviderDto> {
    return this.toDto(await this.providers.get(id));
  }

  async create(dto: CreateUpstreamProviderDto, by: AuditActor): Promise<UpstreamProviderDto> {
    const provider = await this.providers.create(toCreateUpstreamProviderInput(dto));
    await this.audit.record({
      ...by,
      type: AuditEventType.UpstreamProviderCreated,
      subject: provider.id,
      details: { issuer: provider.issuer, auto_create: provider.autoCreate, link_by_email: provider.linkByEmail },
    });
    return this.toDto(provider);
  }

  async update(id: string, dto: UpdateUpstreamProviderDto, by: AuditActor): Promise<UpstreamProviderDto> {
    const provider = await this.providers.update(id, toUpstreamProviderSettings(dto));
    await this.audit.record({
      ...by,
      type: AuditEventType.UpstreamProviderUpdated,
      subject: id,
      details: { fields: fieldsGiven(dto) },
    });
    return this.toDto(provider);
  }

  async delete(id: string, by: AuditActor): Promise<void> {
    await this.providers.delete(id);
    await this.audit.record({ ...by, type: AuditEventType.UpstreamProviderDeleted, subject: id });
  }

  private toDto(provider: Parameters<typeof toUpstreamProviderDto>[0]): UpstreamProviderDto {
    return toUpstreamProviderDto(provider, callbackUrl(this.config.issuer));
  }
}
