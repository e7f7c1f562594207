import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';
import { CONFIG_SLICES } from './config-slices';

/**
 * The configuration is loaded and validated once, before Nest starts (see main.ts), so a bad
 * value stops the process with a message instead of a half-started server. Each module's slice
 * (config-slices.ts) is provided as its own settings class.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ app: config })] })],
      providers: [
        { provide: AppConfig, useValue: config },
        ...CONFIG_SLICES.map((slice) => ({ provide: slice.type, useValue: config.slice(slice.type) })),
      ],
      exports: [AppConfig, ...CONFIG_SLICES.map((slice) => slice.type)],
    };
  }
}
