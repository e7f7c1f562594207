import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { configSlice } from './config-slice';
import { toInt } from './variable-transforms';

/** The interaction module's environment variables (docs/configuration.md). */
export class InteractionVariables {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(31536000)
  SESSION_TTL?: number;
}

/** The browser interactions' settings, injected by the session service. */
export class InteractionConfig {
  constructor(
    /** Seconds a browser session lasts from its sign-in. */
    readonly sessionTtl: number,
  ) {}
}

export const INTERACTION_CONFIG = configSlice({
  variables: InteractionVariables,
  type: InteractionConfig,
  settings: (v) => new InteractionConfig(v.SESSION_TTL ?? 7 * 86400),
});
