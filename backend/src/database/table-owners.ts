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

  // messages

  // metrics
  metrics: {
    tickets: 'the facts (received, answered, resolved, deadlines) are computed from ticket columns in the same statement that aggregates them',
    events: 'reassignments and status changes over time come from the event log, joined to the tickets in the facts statement',
    outlets: 'a breakdown or filter by tier maps outlet keys to their tier inside the aggregating statement; options list the busiest outlets',
    team_members: 'a breakdown or filter by team maps officer keys to teams inside the aggregating statement',
    teams: 'the teams listed as filter options and the names of a breakdown by team',
    users: 'the officers listed as filter options and the names of the officers behind a number',
    journalists: 'each missed deadline is listed with its journalist, joined to the page of facts in one statement',
  },

  // outbound

  // public-inquiries

  // realtime

  // statements

  // stories

  // targets
  targets: {
    tickets: 'hits and breaches are counted over the tickets due in a window through the due-time index, in one statement',
    outlets: 'tier filters and breakdowns, and the outlet of each breach, joined in the same statement',
    users: 'the officer names of the breakdown by officer and of each breach, joined in the same statement',
  },

  // teams

  // tickets

  // users
};
