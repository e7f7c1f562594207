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
}

/** The users module's settings, injected by the account settings. */
export class UsersConfig {
  constructor(
    /** The password policy's minimum length (characters), until an administrator sets another in the account settings. */
    readonly passwordMinLength: number,
  ) {}
}

export const USERS_CONFIG = configSlice({
  variables: UsersVariables,
  type: UsersConfig,
  settings: (v) => new UsersConfig(v.PASSWORD_MIN_LENGTH ?? 10),
});
