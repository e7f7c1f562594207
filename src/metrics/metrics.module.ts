import { DynamicModule, Global, Logger, Module, Provider, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OAuthErrorCounter } from '../common/errors/oauth-error-counter';
import { AppConfig } from '../config/app-config';
import { registerDbPoolMetrics } from './db-pool-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics.server';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics. MetricsService is always injectable (its counters cost nothing when
 * nobody scrapes); METRICS_ENABLED=false only stops exposing them. Traffic figures are not for
 * the internet: in production /metrics is on the public port only with METRICS_PUBLIC=true,
 * otherwise on METRICS_PORT when set, otherwise nowhere.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(config: AppConfig): DynamicModule {
    const exposed = config.metricsEnabled;
    const separatePort = exposed && config.metricsPort !== undefined;
    const service: Provider = {
      provide: MetricsService,
      inject: [AppConfig, DataSource],
      useFactory: (cfg: AppConfig, dataSource: DataSource) => {
        const metrics = new MetricsService(cfg);
        if (cfg.metricsEnabled) registerDbPoolMetrics(metrics.registry, dataSource);
        return metrics;
      },
    };
    const onPublicPort = exposed && !separatePort && config.metricsPublic;
    if (exposed && !separatePort && !onPublicPort)
      new Logger('Metrics').warn('/metrics is not served: set METRICS_PORT (or METRICS_PUBLIC=true) to expose it');
    const controllers: Type[] = onPublicPort ? [MetricsController] : [];
    return {
      module: MetricsModule,
      controllers,
      providers: [
        service,
        // The exception filter (src/common) counts errors through this token, not MetricsService.
        { provide: OAuthErrorCounter, useExisting: MetricsService },
        ...(separatePort ? [MetricsServer] : []),
      ],
      exports: [MetricsService, OAuthErrorCounter],
    };
  }
}
