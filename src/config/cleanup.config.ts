import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { configSlice } from './config-slice';
import { toInt } from './variable-transforms';

/** The cleanup's environment variables (docs/configuration.md). */
export class CleanupVariables {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  CLEANUP_INTERVAL?: number;
}

/** The cleanup's settings, injected by its scheduler. */
export class CleanupConfig {
  constructor(
    /** Seconds between cleanup rounds (0: never). */
    readonly interval: number,
  ) {}
}

export const CLEANUP_CONFIG = configSlice({
  variables: CleanupVariables,
  type: CleanupConfig,
  settings: (v) => new CleanupConfig(v.CLEANUP_INTERVAL ?? 300),
});
