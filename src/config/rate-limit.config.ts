import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { configSlice } from './config-slice';
import { emptyToUndefined, toBool } from './variable-transforms';
import { parseRateLimit, RATE_LIMIT_FORMAT, type RateLimitName, type RateLimitSetting } from './rate-limit-setting';

/** The rate limits' environment variables: RATE_LIMIT_<NAME> for each named limit (docs/configuration.md). */
export class RateLimitVariables {
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  RATE_LIMIT_ENABLED?: boolean;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(RATE_LIMIT_FORMAT, { message: 'must be <requests>/<seconds>, e.g. 600/60' })
  RATE_LIMIT_TOKEN?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(RATE_LIMIT_FORMAT, { message: 'must be <requests>/<seconds>, e.g. 600/60' })
  RATE_LIMIT_INTROSPECTION?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(RATE_LIMIT_FORMAT, { message: 'must be <requests>/<seconds>, e.g. 60/60' })
  RATE_LIMIT_LOGIN?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(RATE_LIMIT_FORMAT, { message: 'must be <requests>/<seconds>, e.g. 60/3600' })
  RATE_LIMIT_REGISTRATION?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(RATE_LIMIT_FORMAT, { message: 'must be <requests>/<seconds>, e.g. 60/60' })
  RATE_LIMIT_DEVICE?: string;
}

/** The rate limits' settings (RateLimitModule). */
export class RateLimitConfig {
  constructor(
    readonly enabled: boolean,
    readonly limits: Record<RateLimitName, RateLimitSetting>,
  ) {}
}

export const RATE_LIMIT_CONFIG = configSlice({
  variables: RateLimitVariables,
  type: RateLimitConfig,
  settings: (v, core) =>
    new RateLimitConfig(
      // The e2e suites call endpoints hundreds of times from one IP; the rate-limit tests turn it on.
      v.RATE_LIMIT_ENABLED ?? core.nodeEnv !== 'test',
      {
        token: parseRateLimit(v.RATE_LIMIT_TOKEN ?? '600/60'),
        introspection: parseRateLimit(v.RATE_LIMIT_INTROSPECTION ?? '600/60'),
        login: parseRateLimit(v.RATE_LIMIT_LOGIN ?? '60/60'),
        registration: parseRateLimit(v.RATE_LIMIT_REGISTRATION ?? '60/3600'),
        device: parseRateLimit(v.RATE_LIMIT_DEVICE ?? '60/60'),
      },
    ),
});
