import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { LoadingCache } from '../../common/cache/loading-cache';
import { AppConfig } from '../../config/app-config';
import { UsersConfig } from '../../config/users.config';
import {
  AccountSettingsRow,
  MFA_REQUIRED_VALUES,
  type MfaRequired,
  type SignupVerification,
} from './account-settings.entity';

export interface AccountSettings {
  signupEnabled: boolean;
  signupEmailDomains: string[];
  signupVerification: SignupVerification;
  selfDeletionEnabled: boolean;
  /** In effect: the row's, else PASSWORD_MIN_LENGTH. */
  passwordMinLength: number;
  /** Who must sign in with a second factor whatever the client (docs/second-factors.md). */
  mfaRequired: MfaRequired;
}

export type AccountSettingsChange = Partial<
  Pick<
    AccountSettings,
    'signupEnabled' | 'signupEmailDomains' | 'signupVerification' | 'selfDeletionEnabled' | 'mfaRequired'
  > & {
    passwordMinLength: number | null;
  }
>;

export class InvalidAccountSettings extends Error {}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The account settings, read on every login page (the "Create an account" link), so kept in a
 * short cache per replica: a change made on another replica shows within KEY_CACHE_TTL seconds.
 */
@Injectable()
export class AccountSettingsService {
  private readonly cache: LoadingCache<AccountSettings>;

  constructor(
    @InjectRepository(AccountSettingsRow) private readonly rows: Repository<AccountSettingsRow>,
    config: AppConfig,
    private readonly usersConfig: UsersConfig,
  ) {
    this.cache = new LoadingCache(config.keyCacheTtl, () => this.load());
  }

  get(): Promise<AccountSettings> {
    return this.cache.get();
  }

  async update(change: AccountSettingsChange): Promise<AccountSettings> {
    const domains = change.signupEmailDomains?.map((d) => d.trim().toLowerCase().replace(/^@/, ''));
    const bad = domains?.filter((d) => !DOMAIN.test(d)) ?? [];
    if (bad.length > 0) throw new InvalidAccountSettings(`not email domains: ${bad.join(', ')}`);
    if (domains && domains.length > 100) throw new InvalidAccountSettings('at most 100 email domains');
    const min = change.passwordMinLength;
    if (change.mfaRequired !== undefined && !MFA_REQUIRED_VALUES.includes(change.mfaRequired))
      throw new InvalidAccountSettings(`mfa_required must be one of ${MFA_REQUIRED_VALUES.join(', ')}`);
    if (min !== undefined && min !== null && (!Number.isInteger(min) || min < 8 || min > 128))
      throw new InvalidAccountSettings('password_min_length must be a whole number from 8 to 128');
    await this.rows.update(
      { id: 1 },
      {
        ...(change.signupEnabled !== undefined ? { signupEnabled: change.signupEnabled } : {}),
        ...(domains ? { signupEmailDomains: [...new Set(domains)] } : {}),
        ...(change.signupVerification ? { signupVerification: change.signupVerification } : {}),
        ...(change.selfDeletionEnabled !== undefined ? { selfDeletionEnabled: change.selfDeletionEnabled } : {}),
        ...(min !== undefined ? { passwordMinLength: min } : {}),
        ...(change.mfaRequired ? { mfaRequired: change.mfaRequired } : {}),
      },
    );
    this.cache.invalidate();
    return this.get();
  }

  private async load(): Promise<AccountSettings> {
    const row = await this.rows.findOneByOrFail({ id: 1 });
    return {
      signupEnabled: row.signupEnabled,
      signupEmailDomains: row.signupEmailDomains,
      signupVerification: row.signupVerification,
      selfDeletionEnabled: row.selfDeletionEnabled,
      passwordMinLength: row.passwordMinLength ?? this.usersConfig.passwordMinLength,
      mfaRequired: row.mfaRequired,
    };
  }
}
