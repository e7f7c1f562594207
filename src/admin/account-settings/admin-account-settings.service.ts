import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../audit/audit-event-input';
import { AuditEventType } from '../../audit/audit-event-type';
import { AuditService } from '../../audit/audit.service';
import {
  type AccountSettings,
  AccountSettingsService,
  InvalidAccountSettings,
} from '../../users/settings/account-settings.service';
import { AdminApiError } from '../http/admin-api.error';
import { fieldsGiven } from '../http/fields-given';
import type { AccountSettingsDto, UpdateAccountSettingsDto } from './account-settings.dto';

const toDto = (s: AccountSettings): AccountSettingsDto => ({
  signup_enabled: s.signupEnabled,
  signup_email_domains: s.signupEmailDomains,
  signup_verification: s.signupVerification,
  self_deletion_enabled: s.selfDeletionEnabled,
  password_min_length: s.passwordMinLength,
  mfa_required: s.mfaRequired,
});

/** Sign-up, the password policy and who needs a second factor, as administrators see and change them; every change audited. */
@Injectable()
export class AdminAccountSettingsService {
  constructor(
    private readonly settings: AccountSettingsService,
    private readonly audit: AuditService,
  ) {}

  async get(): Promise<AccountSettingsDto> {
    return toDto(await this.settings.get());
  }

  async update(dto: UpdateAccountSettingsDto, by: AuditActor): Promise<AccountSettingsDto> {
    let updated: AccountSettings;
    try {
      updated = await this.settings.update({
        signupEnabled: dto.signup_enabled,
        signupEmailDomains: dto.signup_email_domains,
        signupVerification: dto.signup_verification,
        selfDeletionEnabled: dto.self_deletion_enabled,
        passwordMinLength: dto.password_min_length,
        mfaRequired: dto.mfa_required,
      });
    } catch (error) {
      if (error instanceof InvalidAccountSettings)
        throw new AdminApiError('invalid_request', error.message, {}, { status: 400 });
      throw error;
    }
    await this.audit.record({
      ...by,
      type: AuditEventType.AccountSettingsUpdated,
      details: { fields: fieldsGiven(dto) },
    });
    return toDto(updated);
  }
}
