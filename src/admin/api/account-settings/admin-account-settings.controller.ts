import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuditActor } from '../../../audit/audit-event-input';
import { AccountSettingsDto, UpdateAccountSettingsDto } from '../../account-settings/account-settings.dto';
import { AdminAccountSettingsService } from '../../account-settings/admin-account-settings.service';
import { AuditedBy } from '../auth/audited-by.decorator';
import { AdminApi } from '../http/admin-api.decorator';

@AdminApi('Account settings')
@Controller('admin/account-settings')
export class AdminAccountSettingsController {
  constructor(private readonly settings: AdminAccountSettingsService) {}

  @Get()
  @ApiOperation({
    summary: 'Sign-up (on or off, email domains, verification), the password policy and who needs a second factor',
  })
  @ApiOkResponse({ type: AccountSettingsDto })
  get(): Promise<AccountSettingsDto> {
    return this.settings.get();
  }

  @Put()
  @ApiOperation({
    summary: 'Change sign-up, the password policy or who needs a second factor; fields left out stay as they are',
  })
  @ApiOkResponse({ type: AccountSettingsDto })
  update(@Body() dto: UpdateAccountSettingsDto, @AuditedBy() by: AuditActor): Promise<AccountSettingsDto> {
    return this.settings.update(dto, by);
  }
}
