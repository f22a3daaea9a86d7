import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from './app-config.js';
import { AppSecrets } from './app-secrets.js';
import { DNS_RESOLVER, systemDnsResolver, type DnsResolver } from '../intake/dns-resolver.js';

/** Injection token for the resolved PostgreSQL URL (DATABASE_URL or the embedded server's). */
export const DATABASE_URL = 'newsdesk:database-url';

/** Makes the validated AppConfig, derived secrets, the database URL and the DNS resolver injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, secrets: AppSecrets, databaseUrl: string, dnsResolver: DnsResolver = systemDnsResolver()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: AppSecrets, useValue: secrets },
        { provide: DATABASE_URL, useValue: databaseUrl },
        { provide: DNS_RESOLVER, useValue: dnsResolver },
      ],
      exports: [AppConfig, AppSecrets, DATABASE_URL, DNS_RESOLVER],
    };
  }
}
