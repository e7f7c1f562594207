import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { OAuthErrorCounter } from '../common/errors/oauth-error-counter';
import { MetricsConfig } from '../config/metrics.config';

/** Seconds; from a cached discovery read (~1 ms) to an argon2 login (~100 ms) and a slow database. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type LoginFailureReason = 'invalid' | 'locked';

/**
 * Every metric the server exposes, in a registry of its own (not prom-client's global one), so
 * two app instances in one process (the tests) never collide. Other modules inject this service
 * and call the small methods below; labels are always drawn from bounded sets.
 */
@Injectable()
export class MetricsService implements OAuthErrorCounter {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status; _count is the request count',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly tokens = new Counter({
    name: 'oidc_tokens_issued_total',
    help: 'Successful token endpoint responses, by grant type',
    labelNames: ['grant_type'] as const,
    registers: [this.registry],
  });

  private readonly errors = new Counter({
    name: 'oidc_oauth_errors_total',
    help: 'OAuth error responses, by error code',
    labelNames: ['error'] as const,
    registers: [this.registry],
  });

  private readonly loginFailures = new Counter({
    name: 'oidc_login_failures_total',
    help: 'Failed sign-ins (wrong credentials, or refused while locked out)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  private readonly rateLimited = new Counter({
    name: 'oidc_rate_limited_requests_total',
    help: 'Requests refused with 429, by rate limit',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  private readonly purged = new Counter({
    name: 'oidc_cleanup_deleted_rows_total',
    help: 'Expired rows deleted by the cleanup job, by table',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });

  constructor(config: MetricsConfig) {
    if (config.enabled) collectDefaultMetrics({ register: this.registry });
  }

  /** One access token response of the token endpoint; the lead wires this into the grant pipeline. */
  tokensIssued(grantType: string): void {
    this.tokens.inc({ grant_type: grantType });
  }

  /**
   * An OAuth error answered without throwing. Thrown errors are already counted by the
   * exception filter: calling this for them as well would count them twice.
   */
  oauthError(code: string): void {
    this.errors.inc({ error: code });
  }

  /** A refused sign-in on the login page or the password grant. */
  loginFailure(reason: LoginFailureReason = 'invalid'): void {
    this.loginFailures.inc({ reason });
  }

  requestRateLimited(limit: string): void {
    this.rateLimited.inc({ limit });
  }

  rowsPurged(table: string, count: number): void {
    if (count > 0) this.purged.inc({ table }, count);
  }

  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: statusCode }, seconds);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
