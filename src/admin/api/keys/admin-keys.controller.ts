import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';
import { AdminConflictResponse, AdminNotFoundResponse } from '../http/admin-responses.decorator';
import { AdminKeysService } from '../../keys/admin-keys.service';
import { KeyRotationDto, RetireKeyDto, SigningKeyDto } from '../../keys/key.dto';

@AdminApi('Signing keys')
@Controller('admin/keys')
export class AdminKeysController {
  constructor(private readonly keys: AdminKeysService) {}

  @Get()
  @ApiOperation({ summary: 'List signing keys with their state and public JWK, newest first' })
  @ApiOkResponse({ type: [SigningKeyDto] })
  list() {
    return this.keys.list();
  }

  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate now',
    description:
      'The published next key starts signing, the active key retires (published while its tokens live), a new next key is published.',
  })
  @ApiOkResponse({ type: KeyRotationDto })
  rotate(@AuditedBy() by: AuditActor) {
    return this.keys.rotate(by);
  }

  @Post(':kid/retire')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Retire a key',
    description:
      'Retiring the active key hands signing to the next key; with remove_now the key leaves the JWKS at once.',
  })
  @ApiOkResponse({ type: KeyRotationDto })
  @AdminNotFoundResponse('No such key')
  @AdminConflictResponse('The active key has no successor: rotate instead')
  retire(@Param('kid') kid: string, @Body() dto: RetireKeyDto, @AuditedBy() by: AuditActor) {
    return this.keys.retire(kid, dto.remove_now ?? false, by);
  }
}
