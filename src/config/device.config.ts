import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { configSlice } from './config-slice';
import { toInt } from './variable-transforms';

/** The device grant's environment variables (docs/configuration.md). */
export class DeviceVariables {
  /** RFC 8628 §3.2 expires_in: how long a device code and its user code stay usable. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  DEVICE_CODE_TTL?: number;

  /** RFC 8628 §3.2 interval: the seconds a device waits between polls of the token endpoint. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  DEVICE_POLLING_INTERVAL?: number;
}

/** The device grant's settings (RFC 8628 §3.2). */
export class DeviceConfig {
  constructor(
    /** Seconds a device code and its user code stay usable (expires_in). */
    readonly codeTtl: number,
    /** Seconds a device waits between polls (interval). */
    readonly pollingInterval: number,
  ) {}
}

export const DEVICE_CONFIG = configSlice({
  variables: DeviceVariables,
  type: DeviceConfig,
  settings: (v) => new DeviceConfig(v.DEVICE_CODE_TTL ?? 600, v.DEVICE_POLLING_INTERVAL ?? 5),
});
