import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MinLength } from 'class-validator';
import { configSlice } from './config-slice';
import { emptyToUndefined, toBool } from './variable-transforms';

/** The admin plane's environment variables (docs/configuration.md). */
export class AdminVariables {
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32)
  ADMIN_TOKEN?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  ENABLE_DEV_ENDPOINTS?: boolean;
}

/** The admin plane's settings (admin API, console, credentials). */
export class AdminConfig {
  constructor(
    /** ADMIN_TOKEN: an admin credential made at start (it also closes first-run setup). */
    readonly token: string | undefined,
    /** Development helpers under /admin/dev (seed data, PKCE pairs); never on in production. */
    readonly devEndpoints: boolean,
  ) {}
}

export const ADMIN_CONFIG = configSlice({
  variables: AdminVariables,
  type: AdminConfig,
  // The seed endpoint creates accounts with published passwords: never in production.
  problems: (v, core) =>
    core.production && v.ENABLE_DEV_ENDPOINTS === true
      ? ['ENABLE_DEV_ENDPOINTS=true: not allowed when NODE_ENV=production']
      : [],
  settings: (v) => new AdminConfig(v.ADMIN_TOKEN, v.ENABLE_DEV_ENDPOINTS ?? false),
});
