import { InitialSchema1764316800000 } from './1764316800000-initial-schema.js';
import { IntakePipeline1764403200000 } from './1764403200000-intake-pipeline.js';
import { WebFormSubmissions1764496800000 } from './1764496800000-web-form-submissions.js';
import { RawContentHash1764500000000 } from './1764500000000-raw-content-hash.js';
import { OutboundReplies1764510000000 } from './1764510000000-outbound-replies.js';
import { ManagerMetrics1764600000000 } from './1764600000000-manager-metrics.js';
import { LiveUpdates1764700000000 } from './1764700000000-live-updates.js';
import { ContactDirectory1764700100000 } from './1764700100000-contact-directory.js';
import { Approvals1764800000000 } from './1764800000000-approvals.js';
import { OutcomesAndPrivacy1764810000000 } from './1764810000000-outcomes-and-privacy.js';
import { JournalistRelationships1764820000000 } from './1764820000000-journalist-relationships.js';
import { StoriesAndStatements1764830000000 } from './1764830000000-stories-and-statements.js';
import { TicketQueueIndexes1764900000000 } from './1764900000000-ticket-queue-indexes.js';
import { MetricsLiveDay1764900100000 } from './1764900100000-metrics-live-day.js';
import { OutboxIndexes1764910000000 } from './1764910000000-outbox-indexes.js';
import { MetricHistogramCumulative1764920000000 } from './1764920000000-metric-histogram-cumulative.js';
import { MetricFacts1764930000000 } from './1764930000000-metric-facts.js';
import { MetricBacklogFactsIndex1764940000000 } from './1764940000000-metric-backlog-facts-index.js';
import { SenderAuthentication1765100000000 } from './1765100000000-sender-authentication.js';
import { IntakeAbuseGuards1765200000000 } from './1765200000000-intake-abuse-guards.js';
import { TwoFactorSignIn1765400000000 } from './1765400000000-two-factor-sign-in.js';
import { OutboundSenderAndRoute1766300000000 } from './1766300000000-outbound-sender-and-route.js';
import { TemplateLanguage1766300000001 } from './1766300000001-template-language.js';

/** Every migration, oldest first. A committed migration is never edited: add a new one. */
export const migrations = [InitialSchema1764316800000, IntakePipeline1764403200000, WebFormSubmissions1764496800000, RawContentHash1764500000000, OutboundReplies1764510000000, ManagerMetrics1764600000000, LiveUpdates1764700000000, ContactDirectory1764700100000, Approvals1764800000000, OutcomesAndPrivacy1764810000000, JournalistRelationships1764820000000, StoriesAndStatements1764830000000, TicketQueueIndexes1764900000000, MetricsLiveDay1764900100000, OutboxIndexes1764910000000, MetricHistogramCumulative1764920000000, MetricFacts1764930000000, MetricBacklogFactsIndex1764940000000, SenderAuthentication1765100000000, IntakeAbuseGuards1765200000000, TwoFactorSignIn1765400000000, OutboundSenderAndRoute1766300000000, TemplateLanguage1766300000001];
