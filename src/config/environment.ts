import { Transform, plainToInstance } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import type { ConfigSlice, CoreSettings } from './config-slice';
import { CONFIG_SLICES } from './config-slices';
import { parseTrustProxy } from './trust-proxy';
import { emptyToUndefined, toBool, toInt } from './variable-transforms';

/** Values never echoed in a configuration error. */
const SECRET = /SECRET|TOKEN|PASSWORD|DATABASE_URL|SMTP_URL/;

/**
 * The core environment variables, each with its rule; defaults live in app-config.ts. The core is
 * what the process, its HTTP server and database, and every module alike read (the issuer, the
 * secrets, KEY_CACHE_TTL); a module's own variables are in its configuration slice
 * (`<module>.config.ts`, listed in config-slices.ts).
 */
export class Environment {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @Matches(/^[^?#]*[^/?#]$/, { message: 'ISSUER must not end with a slash, a query or a fragment' })
  ISSUER?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  HOST?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  EMBEDDED_DB_DIR?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32)
  KEY_ENCRYPTION_SECRET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32)
  COOKIE_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  KEY_CACHE_TTL?: number;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  /** A hop count or a list of proxy addresses (see trust-proxy.ts); checked in validateEnvironment. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : String(value)))
  @IsString()
  TRUST_PROXY?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  HTTP_FAST_PATH?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  HTTP_KEEP_ALIVE_TIMEOUT?: number;
}

export class InvalidEnvironmentError extends Error {}

/** The validated core variables and each slice's. */
export interface ValidatedConfiguration {
  env: Environment;
  core: CoreSettings;
  slices: ReadonlyMap<ConfigSlice, object>;
}

/** Validates process.env; the error names every bad variable and why. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  return validateConfiguration(raw).env;
}

/** Validates the core variables and every module's slice at once: one error names every bad variable. */
export function validateConfiguration(
  raw: Record<string, unknown>,
  slices: readonly ConfigSlice[] = CONFIG_SLICES,
): ValidatedConfiguration {
  const env = plainToInstance(Environment, raw, { excludeExtraneousValues: false });
  const lines = problemLines(env, raw);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if ('error' in trustProxy) lines.push(`  TRUST_PROXY=${JSON.stringify(raw.TRUST_PROXY)}: ${trustProxy.error}`);
  const core = coreSettings(env);
  const values = new Map<ConfigSlice, object>();
  for (const slice of slices) {
    const variables = plainToInstance(slice.variables, raw, { excludeExtraneousValues: false });
    const sliceLines = problemLines(variables, raw);
    sliceLines.push(...(slice.problems?.(variables, core) ?? []).map((line) => `  ${line}`));
    if (sliceLines.length === 0) values.set(slice, variables);
    lines.push(...sliceLines);
  }
  if (lines.length > 0) throw new InvalidEnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
  return { env, core, slices: values };
}

/** The values every slice may depend on, with their defaults. */
export function coreSettings(env: Environment): CoreSettings {
  const port = env.PORT ?? 3000;
  return {
    nodeEnv: env.NODE_ENV,
    production: env.NODE_ENV === 'production',
    port,
    issuer: env.ISSUER ?? `http://localhost:${port}`,
  };
}

/** One line per variable that breaks a rule, its value hidden when it is a secret. */
function problemLines(variables: object, raw: Record<string, unknown>): string[] {
  return validateSync(variables, { whitelist: false, skipMissingProperties: false }).map((e) => {
    const shown = SECRET.test(e.property) ? '(hidden)' : JSON.stringify(raw[e.property]);
    return `  ${e.property}=${shown}: ${Object.values(e.constraints ?? {}).join('; ')}`;
  });
}
