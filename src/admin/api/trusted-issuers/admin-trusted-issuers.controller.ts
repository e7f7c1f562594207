import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminConflictResponse, AdminNoContent, AdminNotFoundResponse } from '../http/admin-responses.decorator';
import { AdminTrustedIssuersService } from '../../trusted-issuers/admin-trusted-issuers.service';
import {
  CreateTrustedIssuerDto,
  TrustedIssuerDto,
  UpdateTrustedIssuerDto,
} from '../../trusted-issuers/trusted-issuer.dto';

@AdminApi('Trusted issuers')
@Controller('admin/trusted-issuers')
@AdminNotFoundResponse('No such trusted issuer')
export class AdminTrustedIssuersController {
  constructor(private readonly issuers: AdminTrustedIssuersService) {}

  @Get()
  @ApiOperation({ summary: 'List the issuers whose JWT bearer assertions are accepted (RFC 7523)' })
  @ApiOkResponse({ type: [TrustedIssuerDto] })
  list() {
    return this.issuers.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a trusted issuer' })
  @ApiOkResponse({ type: TrustedIssuerDto })
  get(@Param('id') id: string) {
    return this.issuers.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Trust an issuer: its signed JWTs become grants for the users they name' })
  @ApiCreatedResponse({ type: TrustedIssuerDto })
  @AdminConflictResponse('The issuer is trusted already')
  create(@Body() dto: CreateTrustedIssuerDto, @AuditedBy() by: AuditActor) {
    return this.issuers.create(dto, by);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a trusted issuer’s keys, audiences, subject mapping or limits' })
  @ApiOkResponse({ type: TrustedIssuerDto })
  @AdminConflictResponse('Another entry has that issuer')
  update(@Param('id') id: string, @Body() dto: UpdateTrustedIssuerDto, @AuditedBy() by: AuditActor) {
    return this.issuers.update(id, dto, by);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Stop trusting an issuer; tokens already issued live out their time' })
  @AdminNoContent('Deleted')
  delete(@Param('id') id: string, @AuditedBy() by: AuditActor): Promise<void> {
    return this.issuers.delete(id, by);
  }
}
