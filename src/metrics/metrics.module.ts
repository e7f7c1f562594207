import { DynamicModule, Global, Module, Provider, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { registerDbPoolMetrics } from './db-pool-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics.server';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics. MetricsService is always injectable (its counters cost nothing when
 * nobody scrapes); METRICS_ENABLED=false only stops exposing them.
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
    const controllers: Type[] = exposed && !separatePort ? [MetricsController] : [];
    return {
      module: MetricsModule,
      controllers,
      providers: [service, ...(separatePort ? [MetricsServer] : [])],
      exports: [MetricsService],
    };
  }
}
