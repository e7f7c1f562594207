import { Injectable } from '@nestjs/common';
import { ClientsService } from '../../clients/clients.service';
import { ClientsError, ClientsErrorCode } from '../../clients/clients.error';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import { Page, pageBounds, SearchPageQueryDto } from '../http/page.dto';
import type { ClientDto, ClientSecretDto, CreateClientDto, IssuedClientDto, UpdateClientDto } from './client.dto';
import { fieldsGiven } from '../http/fields-given';
import { toClientDto, toCreateClientInput, toUpdateClientInput } from './client-mapping';

/** Client administration: the clients module does the work, this adds the view and the audit trail. */
@Injectable()
export class AdminClientsService {
  constructor(
    private readonly clients: ClientsService,
    private readonly audit: AuditService,
  ) {}

  async list(query: SearchPageQueryDto): Promise<Page<ClientDto>> {
    const { offset, limit } = pageBounds(query);
    const { clients, total } = await this.clients.list({ offset, limit, search: query.search });
    return { items: clients.map(toClientDto), total, offset, limit };
  }

  async get(clientId: string): Promise<ClientDto> {
    // Changes through this replica drop its cached copy; other replicas' copies live KEY_CACHE_TTL at most.
    const client = await this.clients.findById(clientId);
    if (!client) throw new ClientsError(ClientsErrorCode.ClientNotFound, `no client ${clientId}`);
    return toClientDto(client);
  }

  async create(dto: CreateClientDto, by: AuditActor): Promise<IssuedClientDto> {
    const { client, clientSecret } = await this.clients.create(toCreateClientInput(dto));
    await this.audit.record({
      ...by,
      type: AuditEventType.ClientCreated,
      subject: client.clientId,
      details: { client_name: client.clientName, fields: fieldsGiven(dto) },
    });
    return { client: toClientDto(client), client_secret: clientSecret };
  }

  async update(clientId: string, dto: UpdateClientDto, by: AuditActor): Promise<IssuedClientDto> {
    const { client, clientSecret } = await this.clients.update(clientId, toUpdateClientInput(dto));
    await this.audit.record({
      ...by,
      type: AuditEventType.ClientUpdated,
      subject: clientId,
      details: { fields: fieldsGiven(dto), secret_issued: clientSecret !== undefined },
    });
    return { client: toClientDto(client), client_secret: clientSecret };
  }

  async rotateSecret(clientId: string, expiresAt: Date | null, by: AuditActor): Promise<ClientSecretDto> {
    const secret = await this.clients.rotateSecret(clientId, expiresAt);
    await this.audit.record({
      ...by,
      type: AuditEventType.ClientSecretRotated,
      subject: clientId,
      details: { expires_at: expiresAt },
    });
    return { client_secret: secret };
  }

  /** RFC 9700 §4.11.2: an administrator vouches for the client, or no longer does. */
  async setApproval(clientId: string, approved: boolean, by: AuditActor): Promise<ClientDto> {
    const client = await this.clients.setApproval(clientId, approved);
    await this.audit.record({
      ...by,
      type: approved ? AuditEventType.ClientApproved : AuditEventType.ClientApprovalWithdrawn,
      subject: clientId,
      details: { client_name: client.clientName, redirect_uris: client.redirectUris },
    });
    return toClientDto(client);
  }

  /** Its grants, codes and tokens go with it (ON DELETE CASCADE): they stop working at once. */
  async delete(clientId: string, by: AuditActor): Promise<void> {
    await this.clients.delete(clientId);
    await this.audit.record({ ...by, type: AuditEventType.ClientDeleted, subject: clientId });
  }
}
