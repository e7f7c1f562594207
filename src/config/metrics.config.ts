import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { configSlice } from './config-slice';
import { toBool, toInt } from './variable-transforms';

/** The metrics' environment variables (docs/configuration.md). */
export class MetricsVariables {
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  METRICS_ENABLED?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  /** In production, /metrics on the public port only when this is true (or METRICS_PORT moves it). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  METRICS_PUBLIC?: boolean;
}

/** Prometheus metrics: on /metrics, or only on `port` when that is set. */
export class MetricsConfig {
  constructor(
    readonly enabled: boolean,
    readonly port: number | undefined,
    /** In production, whether /metrics may be served on the public port (without METRICS_PORT). */
    readonly publicPort: boolean,
  ) {}
}

export const METRICS_CONFIG = configSlice({
  variables: MetricsVariables,
  type: MetricsConfig,
  problems: (v, core) =>
    v.METRICS_PORT !== undefined && v.METRICS_PORT === core.port
      ? [`METRICS_PORT=${v.METRICS_PORT}: must differ from PORT (it moves /metrics off the public port)`]
      : [],
  settings: (v, core) =>
    new MetricsConfig(v.METRICS_ENABLED ?? true, v.METRICS_PORT, v.METRICS_PUBLIC ?? !core.production),
});
