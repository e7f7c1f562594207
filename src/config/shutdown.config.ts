import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { configSlice } from './config-slice';
import { toInt } from './variable-transforms';

/** The graceful shutdown's environment variables (docs/configuration.md). */
export class ShutdownVariables {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  SHUTDOWN_DELAY?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_GRACE_PERIOD?: number;
}

/** The graceful shutdown's settings (graceful-shutdown.ts). */
export class ShutdownConfig {
  constructor(
    /** Seconds between SIGTERM (readiness already false) and closing the listener. */
    readonly delay: number,
    /** Seconds in-flight requests get once the listener is closed, before the process is forced out. */
    readonly gracePeriod: number,
  ) {}
}

export const SHUTDOWN_CONFIG = configSlice({
  variables: ShutdownVariables,
  type: ShutdownConfig,
  settings: (v) => new ShutdownConfig(v.SHUTDOWN_DELAY ?? 0, v.SHUTDOWN_GRACE_PERIOD ?? 10),
});
