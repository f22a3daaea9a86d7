/**
 * Every table has one owning module (issue 13). Only the owner's repositories (`<module>/*.repository.ts`)
 * read and write it; other modules call the owner's service (a batched `…ByIds` lookup for names and
 * labels). Where a join must stay one statement (the queue page, a batch's sender check, a page sorted by
 * another module's column), the owner publishes a read view (PUBLISHED_VIEWS, created in a migration: a
 * stable projection of the columns others may read) and other modules join the view, never the table.
 * scripts/check-data-access.mjs enforces both in CI.
 */
export const TABLE_OWNERS = {
  approvals: ['approvals', 'approval_rules', 'approval_versions'],
  attachments: ['attachments', 'attachment_blobs'],
  auth: [
    'api_tokens',
    'sessions',
    'setup_tokens',
    'login_attempts',
    'password_reset_requests',
    'password_reset_tokens',
    'recovery_codes',
    'second_factor_challenges',
    'totp_credentials',
  ],
  calendar: ['calendar_feed_tokens', 'calendar_feed_requests'],
  contacts: ['journalists', 'outlets'],
  events: ['events'],
  intake: ['raw_messages', 'imap_folder_state', 'webhook_signatures'],
  messages: ['messages'],
  metrics: [
    'metric_dirty',
    'metric_facts',
    'metric_office_calendar',
    'metric_rollup_histograms',
    'metric_rollup_state',
    'metric_rollups',
  ],
  outbound: ['outbound_messages', 'outbound_sent_mime', 'templates', 'uploads', 'acknowledgement_quotas'],
  'public-inquiries': ['web_form_submissions'],
  realtime: ['presence'],
  statements: ['statements', 'statement_versions', 'statement_deliveries'],
  stories: ['stories', 'story_tickets'],
  targets: ['response_targets', 'office_calendar', 'office_calendar_state'],
  teams: ['teams', 'team_members'],
  tickets: ['tickets', 'ticket_reads'],
  users: ['users'],
} as const;

export type OwningModule = keyof typeof TABLE_OWNERS;
export type TableName = (typeof TABLE_OWNERS)[OwningModule][number];

/**
 * Read views each module publishes for others to join (migration 1766760000000-published-views): plain
 * views, inlined by the planner, so a join through one plans as the join through the table. The owner keeps
 * a view's columns when it changes its table; a new column others need is appended in a new migration.
 */
export const PUBLISHED_VIEWS = {
  approvals: ['approvals_view'],
  attachments: ['attachments_view'],
  contacts: ['journalists_view', 'outlets_view'],
  events: ['events_view'],
  messages: ['messages_view'],
  outbound: ['outbound_messages_view', 'uploads_view'],
  statements: ['statements_view', 'statement_versions_view', 'statement_deliveries_view'],
  stories: ['stories_view', 'story_tickets_view'],
  teams: ['teams_view', 'team_members_view'],
  tickets: ['tickets_view'],
  users: ['users_view'],
} as const satisfies { [M in OwningModule]?: readonly string[] };

export type PublishedView = (typeof PUBLISHED_VIEWS)[keyof typeof PUBLISHED_VIEWS][number];
