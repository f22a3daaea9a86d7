import { ClockModule } from './common/clock.module.js';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApprovalsModule } from './approvals/approvals.module.js';
import { AttachmentsModule } from './attachments/attachments.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { AppConfig } from './config/app-config.js';
import { AppSecrets } from './config/app-secrets.js';
import { ConfigModule } from './config/config.module.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { dataSourceOptions } from './database/data-source.js';
import { databaseTimeouts } from './database/database-deadlines.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { OutboundModule } from './outbound/outbound.module.js';
import type { DnsResolver } from './intake/dns-resolver.js';
import { IntakeModule } from './intake/intake.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { PublicInquiriesModule } from './public-inquiries/public-inquiries.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { StatementsModule } from './statements/statements.module.js';
import { StoriesModule } from './stories/stories.module.js';
import { TargetsModule } from './targets/targets.module.js';
import { TeamsModule } from './teams/teams.module.js';
import { TicketsModule } from './tickets/tickets.module.js';
import { UsersModule } from './users/users.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  secrets: AppSecrets;
  databaseUrl: string;
  /** The CLI's commands (seed, metrics:rebuild, import) may run statements for minutes. */
  work?: 'requests' | 'long';
  /** DNS for sender authentication; the system resolver unless given (tests pass a fixed table). */
  dnsResolver?: DnsResolver;
}

@Module({})
export class AppModule {
  static forRoot({ config, secrets, databaseUrl, work = 'requests', dnsResolver }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, secrets, databaseUrl, dnsResolver),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, databaseTimeouts(config, work))),
        ClockModule,
        EventsModule,
        NotificationsModule,
        UsersModule,
        AuthModule,
        ContactsModule,
        TicketsModule,
        StatementsModule,
        StoriesModule,
        AttachmentsModule,
        IntakeModule,
        OutboundModule,
        ApprovalsModule,
        PrivacyModule,
        PublicInquiriesModule,
        RealtimeModule,
        HealthModule,
        SettingsModule,
        TeamsModule,
        MetricsModule,
        CalendarModule,
        TargetsModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
