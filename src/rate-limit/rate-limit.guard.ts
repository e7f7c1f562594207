import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { OAuthErrors } from '../common/errors/oauth-error';
import { routePattern } from '../common/http/route-pattern';
import { MetricsService } from '../metrics/metrics.service';
import type { RateLimitName } from '../config/rate-limit-setting';
import { rateLimitFor } from './rate-limited-endpoints';

/**
 * The one global guard for every rate limit: it picks the named limit of the route being
 * called and leaves all other routes alone, so controllers need no decorator. The client is
 * its IP (req.ip: the X-Forwarded-For client when TRUST_PROXY is set, the peer otherwise).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly metrics: MetricsService,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const name = rateLimitFor(req.method, routePattern(req));
    return name ? this.enforce(context, name) : true;
  }

  /** Counts the request against the named limit; beyond it, throws the 429 (the fast path calls it too). */
  async enforce(context: ExecutionContext, name: RateLimitName): Promise<boolean> {
    const throttler = this.throttlers.find((t) => t.name === name);
    if (!throttler) return true;
    const ttl = throttler.ttl as number;
    return this.handleRequest({
      context,
      throttler,
      limit: throttler.limit as number,
      ttl,
      blockDuration: ttl,
      getTracker: this.commonOptions.getTracker!,
      generateKey: (_context, tracker, limitName) => `${limitName}:${tracker}`,
    });
  }

  /** RFC 6585 §4: 429 with Retry-After, in the OAuth error shape (or the error page, by path). */
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const res = context.switchToHttp().getResponse<Response>();
    const seconds = Math.max(1, detail.timeToBlockExpire);
    res.setHeader('Retry-After', String(seconds));
    this.metrics.requestRateLimited(detail.key.slice(0, detail.key.indexOf(':')));
    throw OAuthErrors.tooManyRequests(`Too many requests: retry in ${seconds} seconds.`);
  }
}
