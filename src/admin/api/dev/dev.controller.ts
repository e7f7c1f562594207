import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { IssuedClientDto } from '../../clients/client.dto';
import { AdminApi } from '../http/admin-api.decorator';
import { DevToolsService } from '../../dev/dev-tools.service';
import { PkcePairDto, QuickClientDto, SeedResultDto } from '../../dev/dev.dto';

/** Registered only with ENABLE_DEV_ENDPOINTS=true (see AdminApiModule.forRoot). */
@AdminApi('Development')
@Controller('admin/dev')
export class DevController {
  constructor(private readonly dev: DevToolsService) {}

  @Post('seed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make or reset the demo users and clients (development only); prints their secrets' })
  @ApiOkResponse({ type: SeedResultDto })
  seed(@AuditedBy() by: AuditActor) {
    return this.dev.seed(by);
  }

  @Get('pkce')
  @ApiOperation({ summary: 'A fresh PKCE code_verifier and its S256 code_challenge' })
  @ApiOkResponse({ type: PkcePairDto })
  pkce() {
    return this.dev.pkcePair();
  }

  @Post('quick-client')
  @ApiOperation({ summary: 'Register an authorization code client with development defaults' })
  @ApiCreatedResponse({ type: IssuedClientDto })
  quickClient(@Body() dto: QuickClientDto, @AuditedBy() by: AuditActor) {
    return this.dev.quickClient(dto, by);
  }
}
