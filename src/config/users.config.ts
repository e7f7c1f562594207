import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { configSlice } from './config-slice';
import { toInt } from './variable-transforms';

/** The users module's environment variables (docs/configuration.md). */
export class UsersVariables {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(8)
  @Max(128)
  PASSWORD_MIN_LENGTH?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  PASSWORD_CHECK_MAX_WAIT?: number;
}

/** How long a password check may wait for a core unless PASSWORD_CHECK_MAX_WAIT says otherwise (seconds). */
export const DEFAULT_PASSWORD_CHECK_MAX_WAIT = 10;

/** The users module's settings, injected by the account settings and the password hasher. */
export class UsersConfig {
  constructor(
    /** The password policy's minimum length (characters), until an administrator sets another in the account settings. */
    readonly passwordMinLength: number,
    /**
     * Seconds a password check may wait for a core (sign-ins, password changes, new passwords).
     * Beyond, the request is answered 503 temporarily_unavailable with Retry-After at once.
     */
    readonly passwordCheckMaxWait: number,
  ) {}
}

export const USERS_CONFIG = configSlice({
  variables: UsersVariables,
  type: UsersConfig,
  settings: (v) =>
    new UsersConfig(v.PASSWORD_MIN_LENGTH ?? 10, v.PASSWORD_CHECK_MAX_WAIT ?? DEFAULT_PASSWORD_CHECK_MAX_WAIT),
});
