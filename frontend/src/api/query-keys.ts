import type { ApprovalStatus, MetricsQueryParams, MetricsSeriesParams, MetricsSummaryParams, MetricTicketsParams, TargetOutcomesParams, TemplateKind } from '@newsdesk/shared';
import type { IntakeLogFilters, OutboxFilters } from './admin';
import type { ContactFilters } from './contacts';
import type { DigestFrequency } from '@newsdesk/shared';
import type { StatementFilters } from './statements';
import type { StoryFilters } from './stories';
import type { TicketQueueFilters } from './tickets';

/** Every query key the app uses, so invalidations can find them. */
export const queryKeys = {
  session: ['session'] as const,
  office: ['office'] as const,
  setupStatus: ['setup', 'status'] as const,
  twoFactor: {
    status: ['two-factor', 'status'] as const,
    /** Set from any 403 that says the role must enrol first; never fetched. */
    enrolmentRequired: ['two-factor', 'enrolment-required'] as const,
  },
  tickets: {
    all: ['tickets'] as const,
    queues: ['tickets', 'queue'] as const,
    queue: (filters: TicketQueueFilters) => ['tickets', 'queue', filters] as const,
    detail: (id: string) => ['tickets', 'detail', id] as const,
    details: ['tickets', 'detail'] as const,
  },
  attachments: {
    /** Inline images of one message, as data: URLs for its sandboxed frame. */
    inline: (messageId: string) => ['attachments', 'inline', messageId] as const,
  },
  /** Pushed by the event stream, never fetched. */
  presence: (ticketId: string) => ['presence', ticketId] as const,
  users: {
    all: ['users'] as const,
    me: ['users', 'me'] as const,
    tokens: ['users', 'me', 'tokens'] as const,
    /** One user's sessions (`me` for the caller). */
    sessions: (userId: string) => ['users', userId, 'sessions'] as const,
    /** One user's API tokens as an admin sees them. */
    userTokens: (userId: string) => ['users', userId, 'user-tokens'] as const,
    /** The caller's deadline-calendar link (never its URL, which is shown once). */
    calendar: ['users', 'me', 'calendar'] as const,
  },
  templates: {
    all: ['templates'] as const,
    list: (kind: TemplateKind | undefined) => ['templates', kind ?? 'all'] as const,
  },
  journalists: {
    all: ['journalists'] as const,
    list: (filters: ContactFilters) => ['journalists', 'list', filters] as const,
    detail: (id: string) => ['journalists', 'detail', id] as const,
  },
  outlets: {
    all: ['outlets'] as const,
    list: (filters: ContactFilters) => ['outlets', 'list', filters] as const,
    detail: (id: string) => ['outlets', 'detail', id] as const,
  },
  stories: {
    all: ['stories'] as const,
    list: (filters: StoryFilters) => ['stories', 'list', filters] as const,
    detail: (id: string) => ['stories', 'detail', id] as const,
    /** Related inquiries of one ticket: under stories, since linking a ticket changes them. */
    suggestions: (ticketId: string) => ['stories', 'suggestions', ticketId] as const,
    groups: ['stories', 'groups'] as const,
  },
  statements: {
    all: ['statements'] as const,
    list: (filters: StatementFilters) => ['statements', 'list', filters] as const,
    /** Approved statements to insert into a reply or send to a story. */
    approved: ['statements', 'approved'] as const,
    detail: (id: string) => ['statements', 'detail', id] as const,
    deliveries: (id: string) => ['statements', 'deliveries', id] as const,
  },
  approvals: {
    all: ['approvals'] as const,
    list: (status: ApprovalStatus | undefined) => ['approvals', 'list', status ?? 'all'] as const,
    rules: ['approvals', 'rules'] as const,
    /** Statement versions waiting for approval (the Approvals inbox and its badge). */
    statements: ['approvals', 'statements'] as const,
  },
  settings: ['settings'] as const,
  intake: {
    all: ['intake'] as const,
    log: (filters: IntakeLogFilters) => ['intake', 'log', filters] as const,
    health: ['intake', 'health'] as const,
  },
  outbox: {
    all: ['outbox'] as const,
    list: (filters: OutboxFilters) => ['outbox', 'list', filters] as const,
  },
  metrics: {
    all: ['metrics'] as const,
    summary: (query: MetricsSummaryParams) => ['metrics', 'summary', query] as const,
    series: (query: MetricsSeriesParams) => ['metrics', 'series', query] as const,
    tickets: (query: MetricTicketsParams) => ['metrics', 'tickets', query] as const,
    options: ['metrics', 'options'] as const,
    digest: ['metrics', 'digest'] as const,
    comparison: (query: MetricsSummaryParams) => ['metrics', 'comparison', query] as const,
    deadlineMisses: (query: MetricsQueryParams) => ['metrics', 'deadline-misses', query] as const,
    digestSettings: ['metrics', 'digest-settings'] as const,
    digestPreview: (frequency: DigestFrequency) => ['metrics', 'digest-preview', frequency] as const,
  },
  responseTargets: {
    all: ['response-targets'] as const,
    outcomes: (query: TargetOutcomesParams) => ['metrics', 'targets', query] as const,
    breaches: (query: TargetOutcomesParams) => ['metrics', 'targets', 'breaches', query] as const,
  },
};
