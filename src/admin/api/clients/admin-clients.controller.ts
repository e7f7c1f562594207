import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminConflictResponse, AdminNoContent, AdminNotFoundResponse } from '../http/admin-responses.decorator';
import { PageOf, SearchPageQueryDto } from '../../http/page.dto';
import { AdminClientsService } from '../../clients/admin-clients.service';
import {
  ClientDto,
  ClientSecretDto,
  CreateClientDto,
  IssuedClientDto,
  RotateClientSecretDto,
  UpdateClientDto,
} from '../../clients/client.dto';

const ClientPage = PageOf(ClientDto, 'ClientPage');

@AdminApi('Clients')
@Controller('admin/clients')
@AdminNotFoundResponse('No such client')
export class AdminClientsController {
  constructor(private readonly clients: AdminClientsService) {}

  @Get()
  @ApiOperation({ summary: 'List clients, optionally matching a search in client_id or client_name' })
  @ApiOkResponse({ type: ClientPage })
  list(@Query() query: SearchPageQueryDto) {
    return this.clients.list(query);
  }

  @Get(':clientId')
  @ApiOperation({ summary: 'Get a client' })
  @ApiOkResponse({ type: ClientDto })
  get(@Param('clientId') clientId: string) {
    return this.clients.get(clientId);
  }

  @Post()
  @ApiOperation({ summary: 'Register a client; a confidential client’s secret is returned once' })
  @ApiCreatedResponse({ type: IssuedClientDto })
  @AdminConflictResponse('client_id is taken')
  create(@Body() dto: CreateClientDto, @AuditedBy() by: AuditActor) {
    return this.clients.create(dto, by);
  }

  @Patch(':clientId')
  @ApiOperation({
    summary: 'Change a client’s metadata and policy',
    description: 'A secret is returned when the change moves the client to a secret-based authentication method.',
  })
  @ApiOkResponse({ type: IssuedClientDto })
  update(@Param('clientId') clientId: string, @Body() dto: UpdateClientDto, @AuditedBy() by: AuditActor) {
    return this.clients.update(clientId, dto, by);
  }

  @Post(':clientId/secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the client secret at once; the new one is returned once' })
  @ApiOkResponse({ type: ClientSecretDto })
  @AdminConflictResponse('The client does not authenticate with a secret')
  rotateSecret(@Param('clientId') clientId: string, @Body() dto: RotateClientSecretDto, @AuditedBy() by: AuditActor) {
    return this.clients.rotateSecret(clientId, dto.expires_at ?? null, by);
  }

  @Put(':clientId/approval')
  @ApiOperation({
    summary: 'Approve a client: an administrator vouches for it',
    description:
      'Error redirects then go straight back to its redirect_uri and the consent page shows its logo (RFC 9700 §4.11.2). ' +
      'Dynamically registered clients start unapproved and lose the approval when they change their registration.',
  })
  @ApiOkResponse({ type: ClientDto })
  approve(@Param('clientId') clientId: string, @AuditedBy() by: AuditActor) {
    return this.clients.setApproval(clientId, true, by);
  }

  @Delete(':clientId/approval')
  @ApiOperation({ summary: 'Withdraw a client’s approval: it is treated as a dynamically registered one' })
  @ApiOkResponse({ type: ClientDto })
  withdrawApproval(@Param('clientId') clientId: string, @AuditedBy() by: AuditActor) {
    return this.clients.setApproval(clientId, false, by);
  }

  @Delete(':clientId')
  @ApiOperation({ summary: 'Delete a client; its codes, grants and tokens stop working at once' })
  @AdminNoContent('Deleted')
  delete(@Param('clientId') clientId: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.clients.delete(clientId, by);
  }
}
