import type { Type } from '@nestjs/common';
import type { ConfigSlice } from './config-slice';
import { coreSettings, type ValidatedConfiguration } from './environment';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

/** No signed token (access or ID) lives longer, whatever a client's policy says. */
export const MAX_SIGNED_TOKEN_LIFETIME = 86400;

/**
 * The validated, typed core configuration; nothing else reads process.env. A module with a
 * configuration slice of its own (config-slices.ts) injects that slice's settings instead.
 */
export class AppConfig {
  readonly production: boolean;
  readonly issuer: string;
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly embeddedDbDir: string;
  readonly keyEncryptionSecret: string;
  readonly cookieSecret: string;
  readonly keyCacheTtl: number;
  readonly logLevel: string;
  /** Express's `trust proxy`: hops or proxy addresses whose X-Forwarded-* headers are believed. */
  readonly trustProxy: TrustProxy;
  /** Answer the discovery documents and the hot protocol endpoints ahead of Express (docs/performance.md). */
  readonly httpFastPath: boolean;
  /** Seconds an idle keep-alive connection stays open (why 65 by default: common/http/keep-alive.ts). */
  readonly httpKeepAliveTimeout: number;

  private readonly slices: ReadonlyMap<Type, object>;

  constructor(
    { env, slices }: Pick<ValidatedConfiguration, 'env' | 'slices'>,
    secrets: { keyEncryptionSecret: string; cookieSecret: string },
  ) {
    const core = coreSettings(env);
    this.production = core.production;
    this.port = core.port;
    this.host = env.HOST ?? '0.0.0.0';
    this.issuer = env.ISSUER ?? `http://localhost:${this.port}`;
    this.databaseUrl = env.DATABASE_URL;
    this.databasePoolSize = env.DATABASE_POOL_SIZE ?? 10;
    this.dataDir = env.DATA_DIR ?? '.data';
    this.embeddedDbDir = env.EMBEDDED_DB_DIR ?? `${this.dataDir}/postgres`;
    this.keyEncryptionSecret = secrets.keyEncryptionSecret;
    this.cookieSecret = secrets.cookieSecret;
    this.keyCacheTtl = env.KEY_CACHE_TTL ?? 30;
    this.logLevel = env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info');
    const trustProxy = parseTrustProxy(env.TRUST_PROXY);
    this.trustProxy = 'trust' in trustProxy ? trustProxy.trust : false;
    this.httpFastPath = env.HTTP_FAST_PATH ?? true;
    this.httpKeepAliveTimeout = env.HTTP_KEEP_ALIVE_TIMEOUT ?? 65;
    this.slices = new Map(
      [...slices].map(([slice, variables]: [ConfigSlice, object]) => [slice.type, slice.settings(variables, core)]),
    );
  }

  /** A module's settings (its `<module>.config.ts`), validated with the rest at start. */
  slice<S>(type: Type<S>): S {
    const settings = this.slices.get(type);
    if (!settings) throw new Error(`${type.name} is not a configuration slice (config-slices.ts)`);
    return settings as S;
  }

  get secureCookies(): boolean {
    return this.issuer.startsWith('https://');
  }

  /**
   * The longest time a token signed now may stay valid, per-client lifetimes included:
   * retired keys stay published this long.
   */
  get longestSignedTokenLifetime(): number {
    return MAX_SIGNED_TOKEN_LIFETIME;
  }
}
