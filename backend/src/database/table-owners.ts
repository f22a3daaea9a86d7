/**
 * Every table has one owning module (issue 13). Only the owner's repositories (`<module>/*.repository.ts`)
 * write it; other modules call the owner's service. A repository may READ another module's table only
 * where it is declared below with the reason (a join for one page, a report over facts), so every
 * crossing is visible in one place. scripts/check-data-access.mjs enforces both in CI.
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

/** Declared reads of another module's tables, per reading module: table → why the join lives here. */
export const CROSS_MODULE_READS: { [M in OwningModule]?: Partial<Record<TableName, string>> } = {
  // approvals

  // attachments

  // auth
  auth: {
    users: 'the guard reads a session or token together with its active user in one indexed statement per request',
  },

  // calendar

  // contacts

  // events

  // intake
  intake: {
    messages: 'dedupe by Message-ID with the raw bytes it came from, and a participant check over a ticket\'s messages, one statement each',
    tickets: 'an intake result with its ticket reference; the participant check reads the ticket with its journalist',
    journalists: 'the sender standing of a whole batch (known journalist by address or alias) in one statement, with users',
    users: 'the sender standing of a whole batch (a staff address) in one statement, with journalists',
    outbound_messages: 'the participant check (our mail\'s recipients) and threading by our signed Message-ID over sent mail and messages',
  },

  // messages

  // metrics

  // outbound

  // public-inquiries

  // realtime

  // statements

  // stories

  // targets

  // teams

  // tickets

  // users
};
