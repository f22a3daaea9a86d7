import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from './app-config.js';
import { AppSecrets } from './app-secrets.js';

/** Makes the validated AppConfig and derived secrets injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, secrets: AppSecrets): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: AppSecrets, useValue: secrets },
      ],
      exports: [AppConfig, AppSecrets],
    };
  }
}
