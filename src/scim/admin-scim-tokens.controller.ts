import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../audit/audit-event-input';
import { AuditEventType } from '../audit/audit-event-type';
import { AuditService } from '../audit/audit.service';
import { AuditedBy } from '../admin/auth/audited-by.decorator';
import { AdminApi } from '../admin/http/admin-api.decorator';
import { AdminNoContent, AdminNotFoundResponse } from '../admin/http/admin-responses.decorator';
import { ScimError } from './scim-error';
import type { ScimToken } from './scim-token.entity';
import { CreateScimTokenDto, IssuedScimTokenDto, ScimTokenDto } from './scim-token.dto';
import { ScimTokensService } from './scim-tokens.service';

const toDto = (t: ScimToken): ScimTokenDto => ({
  id: t.id,
  name: t.name,
  access: t.access,
  on_delete: t.onDelete,
  created_at: t.createdAt,
  last_used_at: t.lastUsedAt,
  revoked_at: t.revokedAt,
});

/** Bearer tokens for SCIM provisioning clients: issued once, listed without their value, revoked. */
@AdminApi('SCIM tokens')
@Controller('admin/scim-tokens')
export class AdminScimTokensController {
  constructor(
    private readonly tokens: ScimTokensService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List SCIM tokens (never their values)' })
  @ApiOkResponse({ type: [ScimTokenDto] })
  async list(): Promise<ScimTokenDto[]> {
    return (await this.tokens.list()).map(toDto);
  }

  @Post()
  @ApiOperation({ summary: 'Issue a SCIM bearer token for /scim/v2; its value is shown once' })
  @ApiCreatedResponse({ type: IssuedScimTokenDto })
  async issue(@Body() dto: CreateScimTokenDto, @AuditedBy() by: AuditActor): Promise<IssuedScimTokenDto> {
    const { token, value } = await this.tokens.issue(dto.name, dto.access, dto.on_delete ?? 'disable');
    await this.audit.record({
      ...by,
      type: AuditEventType.ScimTokenIssued,
      subject: token.id,
      details: { name: token.name, access: token.access, on_delete: token.onDelete },
    });
    return { scim_token: toDto(token), token: value };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a SCIM token: it stops working at once' })
  @AdminNoContent('Revoked')
  @AdminNotFoundResponse('No such SCIM token')
  async revoke(@Param('id') id: string, @AuditedBy() by: AuditActor): Promise<void> {
    if (!(await this.tokens.revoke(id))) throw new ScimTokenNotFound(id);
    await this.audit.record({ ...by, type: AuditEventType.ScimTokenRevoked, subject: id });
  }
}

class ScimTokenNotFound extends ScimError {
  constructor(id: string) {
    super(404, `no SCIM token ${id}`);
  }
}
