import { Transform } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { configSlice } from './config-slice';
import { toInt } from './variable-transforms';

/** The outbox's environment variables (docs/configuration.md). */
export class OutboxVariables {
  /** Seconds between the outbox worker's polls (0: no worker in this replica). */
  @IsOptional()
  @Transform(toInt)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(0)
  @Max(3600)
  OUTBOX_POLL_INTERVAL?: number;

  /** Seconds before the first retry of a failed delivery; each further retry waits twice as long. */
  @IsOptional()
  @Transform(toInt)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(0.01)
  @Max(3600)
  OUTBOX_RETRY_BASE?: number;

  /** Attempts before a delivery is given up and marked failed. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  OUTBOX_MAX_ATTEMPTS?: number;
}

/** The outbox's settings, injected by the worker. */
export class OutboxConfig {
  constructor(
    /** Seconds between outbox polls in this replica (0: none; off by default in tests). */
    readonly pollInterval: number,
    /** Seconds before the first retry of a delivery; doubled (with jitter) on each further failure. */
    readonly retryBase: number,
    readonly maxAttempts: number,
  ) {}
}

export const OUTBOX_CONFIG = configSlice({
  variables: OutboxVariables,
  type: OutboxConfig,
  settings: (v, core) =>
    new OutboxConfig(
      v.OUTBOX_POLL_INTERVAL ?? (core.nodeEnv === 'test' ? 0 : 2),
      v.OUTBOX_RETRY_BASE ?? 10,
      v.OUTBOX_MAX_ATTEMPTS ?? 12,
    ),
});
