import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import type { AdminRequest } from '../../auth/admin-principal';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminNoContent, AdminNotFoundResponse } from '../http/admin-responses.decorator';
import { AdminCredentialsService } from '../../credentials/admin-credentials.service';
import { CreateCredentialDto, CredentialDto, IssuedCredentialDto } from '../../credentials/credential.dto';

@AdminApi('Admin credentials')
@Controller('admin/credentials')
export class AdminCredentialsController {
  constructor(private readonly credentials: AdminCredentialsService) {}

  @Get()
  @ApiOperation({ summary: 'List admin credentials (never their tokens)' })
  @ApiOkResponse({ type: [CredentialDto] })
  list() {
    return this.credentials.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create an admin credential; its token is returned once' })
  @ApiCreatedResponse({ type: IssuedCredentialDto })
  create(@Body() dto: CreateCredentialDto, @AuditedBy() by: AuditActor) {
    return this.credentials.create(dto.name, 'api', by);
  }

  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace the credential making this request',
    description: 'Returns a new token once; the token used for this request stops working at once.',
  })
  @ApiOkResponse({ type: IssuedCredentialDto })
  rotate(@Req() req: AdminRequest, @AuditedBy() by: AuditActor) {
    return this.credentials.rotateOwn(req.admin, by);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an admin credential' })
  @AdminNoContent('Revoked')
  @AdminNotFoundResponse('No active credential with this id')
  revoke(@Param('id') id: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.credentials.revoke(id, by);
  }
}
