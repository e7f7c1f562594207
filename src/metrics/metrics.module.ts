import { DynamicModule, Global, Logger, Module, Provider, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OAuthErrorCounter } from '../common/errors/oauth-error-counter';
import { AppConfig } from '../config/app-config';
import { MetricsConfig } from '../config/metrics.config';
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
    const settings = config.slice(MetricsConfig);
    const exposed = settings.enabled;
    const separatePort = exposed && settings.port !== undefined;
    const service: Provider = {
      provide: MetricsService,
      inject: [MetricsConfig, DataSource],
      useFactory: (cfg: MetricsConfig, dataSource: DataSource) => {
        const metrics = new MetricsService(cfg);
        if (cfg.enabled) registerDbPoolMetrics(metrics.registry, dataSource);
        return metrics;
      },
    };
    const onPublicPort = exposed && !separatePort && settings.publicPort;
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
