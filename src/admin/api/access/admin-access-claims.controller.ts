import { Body, Controller, Get, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminNotFoundResponse } from '../http/admin-responses.decorator';
import {
  AccessClaimSettingsDto,
  ClaimMappingsDto,
  EffectiveAccessDto,
  UpdateAccessClaimSettingsDto,
} from '../../access/access-claims.dto';
import { AdminRolesService } from '../../access/admin-roles.service';

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

  @Get('clients/:clientId/claim-mappings')
  @ApiOperation({ summary: 'The client’s claim mappings: user attributes or constants as claims, per token' })
  @ApiOkResponse({ type: ClaimMappingsDto })
  mappings(@Param('clientId') clientId: string) {
    return this.roles.claimMappings(clientId);
  }

  @Put('clients/:clientId/claim-mappings')
  @ApiOperation({ summary: 'Replace the client’s claim mappings (validated when saved; data only, nothing runs)' })
  @ApiOkResponse({ type: ClaimMappingsDto })
  setMappings(@Param('clientId') clientId: string, @Body() dto: ClaimMappingsDto, @AuditedBy() by: AuditActor) {
    return this.roles.setClaimMappings(clientId, dto, by);
  }

  @Get('users/:id/access')
  @ApiOperation({ summary: 'A user’s effective groups (with parents) and roles (direct and through groups)' })
  @ApiQuery({ name: 'client_id', required: false, description: 'Include this client’s roles' })
  @ApiOkResponse({ type: EffectiveAccessDto })
  effective(@Param('id') id: string, @Query('client_id') clientId?: string) {
    return this.roles.effectiveAccess(id, clientId);
  }
}
