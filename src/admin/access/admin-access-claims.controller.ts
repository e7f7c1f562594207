import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminNotFoundResponse } from '../http/admin-responses.decorator';
import { AccessClaimSettingsDto, EffectiveAccessDto, UpdateAccessClaimSettingsDto } from './access-claims.dto';
import { AdminRolesService } from './admin-roles.service';

/** Per client: the names of the groups/roles claims and the tokens carrying them; per user: what they hold. */
@AdminApi('Roles')
@Controller('admin')
@AdminNotFoundResponse('No such client')
export class AdminAccessClaimsController {
  constructor(private readonly roles: AdminRolesService) {}

  @Get('clients/:clientId/access-claims')
  @ApiOperation({ summary: 'The client’s groups/roles claim names and the tokens that carry them' })
  @ApiOkResponse({ type: AccessClaimSettingsDto })
  get(@Param('clientId') clientId: string) {
    return this.roles.claimSettings(clientId);
  }

  @Patch('clients/:clientId/access-claims')
  @ApiOperation({ summary: 'Change the client’s groups/roles claim names or the tokens that carry them' })
  @ApiOkResponse({ type: AccessClaimSettingsDto })
  update(@Param('clientId') clientId: string, @Body() dto: UpdateAccessClaimSettingsDto, @AuditedBy() by: AuditActor) {
    return this.roles.updateClaimSettings(clientId, dto, by);
  }

  @Get('users/:id/access')
  @ApiOperation({ summary: 'A user’s effective groups (with parents) and roles (direct and through groups)' })
  @ApiQuery({ name: 'client_id', required: false, description: 'Include this client’s roles' })
  @ApiOkResponse({ type: EffectiveAccessDto })
  effective(@Param('id') id: string, @Query('client_id') clientId?: string) {
    return this.roles.effectiveAccess(id, clientId);
  }
}
