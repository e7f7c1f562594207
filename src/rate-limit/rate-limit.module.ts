import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { getOptionsToken, getStorageToken, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { RateLimitConfig } from '../config/rate-limit.config';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitStorage } from './rate-limit.storage';

function throttlerOptions(config: RateLimitConfig): ThrottlerModuleOptions {
  return {
    throttlers: Object.entries(config.limits).map(([name, { limit, windowSeconds }]) => ({
      name,
      limit,
      ttl: windowSeconds * 1000,
    })),
    // The guard sets Retry-After itself: the library would name it Retry-After-<limit>.
    setHeaders: false,
  };
}

/** Per-client-IP limits on the endpoints that attract abuse (see rate-limited-endpoints.ts). */
@Module({})
export class RateLimitModule {
  static forRoot(config: AppConfig): DynamicModule {
    const settings = config.slice(RateLimitConfig);
    if (!settings.enabled) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      providers: [
        RateLimitStorage,
        { provide: getOptionsToken(), useValue: throttlerOptions(settings) },
        { provide: getStorageToken(), useExisting: RateLimitStorage },
        RateLimitGuard,
        { provide: APP_GUARD, useExisting: RateLimitGuard },
      ],
      exports: [RateLimitGuard],
    };
  }
}
