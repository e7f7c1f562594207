import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { ClientsService } from '../../clients/clients.service';
import type { ApiResourceWithScopes } from '../../scopes/api-resources/api-resource-catalogue';
import type { UpdateApiResourceInput } from '../../scopes/api-resources/api-resource-input';
import { ApiResourcesError, ApiResourcesErrorCode } from '../../scopes/api-resources/api-resources.error';
import { ApiResourcesService } from '../../scopes/api-resources/api-resources.service';
import { fieldsGiven } from '../http/fields-given';
import type { ApiResourceDto, CreateApiResourceDto, UpdateApiResourceDto } from './api-resource.dto';

const toDto = (r: ApiResourceWithScopes): ApiResourceDto => ({
  id: r.id,
  identifier: r.identifier,
  display_name: r.displayName,
  scopes: [...r.scopes],
  access_token_format: r.accessTokenFormat,
  access_token_ttl: r.accessTokenTtl,
  introspection_client_id: r.introspectionClientId,
  created_at: r.createdAt,
  updated_at: r.updatedAt,
});

const inputOf = (dto: UpdateApiResourceDto): UpdateApiResourceInput => ({
  displayName: dto.display_name,
  scopes: dto.scopes,
  accessTokenFormat: dto.access_token_format,
  accessTokenTtl: dto.access_token_ttl,
  introspectionClientId: dto.introspection_client_id,
});

/** API resource administration (RFC 8707 resource servers), audited. */
@Injectable()
export class AdminApiResourcesService {
  constructor(
    private readonly resources: ApiResourcesService,
    private readonly clients: ClientsService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ApiResourceDto[]> {
    return (await this.resources.list()).map(toDto);
  }

  async get(id: string): Promise<ApiResourceDto> {
    return toDto(await this.resources.get(id));
  }

  async create(dto: CreateApiResourceDto, by: AuditActor): Promise<ApiResourceDto> {
    await this.assertIntrospectionClient(dto.introspection_client_id);
    const resource = await this.resources.create({
      ...inputOf(dto),
      identifier: dto.identifier,
      displayName: dto.display_name,
    });
    await this.audit.record({
      ...by,
      type: AuditEventType.ApiResourceCreated,
      subject: resource.identifier,
      details: { scopes: resource.scopes, introspection_client_id: resource.introspectionClientId },
    });
    return toDto(resource);
  }

  async update(id: string, dto: UpdateApiResourceDto, by: AuditActor): Promise<ApiResourceDto> {
    await this.assertIntrospectionClient(dto.introspection_client_id);
    const resource = await this.resources.update(id, inputOf(dto));
    await this.audit.record({
      ...by,
      type: AuditEventType.ApiResourceUpdated,
      subject: resource.identifier,
      details: { fields: fieldsGiven(dto) },
    });
    return toDto(resource);
  }

  async delete(id: string, by: AuditActor): Promise<void> {
    const resource = await this.resources.get(id);
    await this.resources.delete(id);
    await this.audit.record({ ...by, type: AuditEventType.ApiResourceDeleted, subject: resource.identifier });
  }

  /**
   * The introspection client must exist and prove who it is (RFC 7662 §2.1): a public client
   * could not, and the introspection endpoint tells it nothing of others' tokens.
   */
  private async assertIntrospectionClient(clientId: string | null | undefined): Promise<void> {
    if (clientId === undefined || clientId === null) return;
    const client = await this.clients.findCurrent(clientId);
    if (!client)
      throw new ApiResourcesError(
        ApiResourcesErrorCode.InvalidApiResource,
        `introspection_client_id: no client ${clientId}`,
      );
    if (client.isPublic)
      throw new ApiResourcesError(
        ApiResourcesErrorCode.InvalidApiResource,
        `introspection_client_id: ${clientId} is a public client, which cannot authenticate at the introspection endpoint`,
      );
  }
}
