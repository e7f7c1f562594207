import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { configSlice } from './config-slice';
import { toBool } from './variable-transforms';

/** The account self-service's environment variables (docs/configuration.md). */
export class AccountVariables {
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  PASSWORD_RESET_SIGNS_OUT?: boolean;
}

/** The account self-service's settings, injected by the password reset. */
export class AccountConfig {
  constructor(
    /** Whether a password reset ends the user's sessions and revokes their grants. */
    readonly passwordResetSignsOut: boolean,
  ) {}
}

export const ACCOUNT_CONFIG = configSlice({
  variables: AccountVariables,
  type: AccountConfig,
  settings: (v) => new AccountConfig(v.PASSWORD_RESET_SIGNS_OUT ?? true),
});
