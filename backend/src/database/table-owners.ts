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
  approvals: {
    tickets: 'the approvals inbox and the held-text check show the ticket reference and subject with each approval in one statement',
    messages: "the approvals inbox shows the held reply's recipients with each approval in one statement",
    users: 'the approvals inbox names who asked, who decided and who edited each version',
    outlets: "outlet-tier rules match the ticket's and recipients' outlets in the same statement as the rules, on contacts the reply share-locked",
    journalists: "outlet-tier rules match the ticket's journalist and the recipients' addresses in the same statement as the rules",
  },

  // attachments
  attachments: {
    uploads: 'an erased attachment\'s bytes stay while a pending upload shares their content key (one DELETE … NOT EXISTS)',
  },

  // auth
  auth: {
    // sessions.repository.ts, api-tokens.repository.ts, two-factor.repository.ts, password-reset.repository.ts
    users:
      'a session, API token, second-factor challenge or reset link counts only while its user is active, and the lockout check finds a second factor by account email: each read with the user in one indexed statement',
  },

  // calendar
  calendar: {
    users: "a feed request reads the link with its owner's name and active flag in one indexed statement",
  },

  // contacts
  contacts: {
    tickets: 'the directory pages count each contact\'s inquiries, and retention finds journalists by their last inquiry, in the same statement',
    users: 'a journalist\'s relationship owner is shown by name on the directory page and in the personal-data export',
  },

  // events
  events: {
    tickets: 'the live-update replay after a reconnect names each event\'s ticket by reference in one statement',
  },

  // intake
  intake: {
    messages: 'dedupe by Message-ID with the raw bytes it came from, and a participant check over a ticket\'s messages, one statement each',
    tickets: 'an intake result with its ticket reference; the participant check reads the ticket with its journalist',
    journalists: 'the sender standing of a whole batch (known journalist by address or alias) in one statement, with users',
    users: 'the sender standing of a whole batch (a staff address) in one statement, with journalists',
    outbound_messages: 'the participant check (our mail\'s recipients) and threading by our signed Message-ID over sent mail and messages',
  },

  // messages
  messages: {
    users: 'a ticket\'s messages are read with their staff author (name, signature) in one statement',
    attachments: 'the personal-data export lists each message with its attachments\' names in one statement',
  },

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
  outbound: {
    tickets: 'the outbox page shows each mail with its ticket reference in one statement',
  },

  // public-inquiries

  // realtime
  realtime: {
    users: 'presence lists the people on a ticket with their names in one statement per heartbeat',
  },

  // statements
  statements: {
    users: "a statement page embeds its owner and each version's author and approver",
    tickets: 'the deliveries page shows each delivery with the ticket it went to, as it is now',
    journalists: 'the deliveries page shows each delivery with the journalist it went to',
    outlets: 'the deliveries page shows each delivery with the outlet it went to',
    stories: 'the deliveries page shows each delivery with the story it was sent for',
  },

  // stories
  stories: {
    tickets: 'a story page shows its tickets as queue rows with counts and deadlines; the digest counts inquiries per story',
    users: 'the creator of a story and the assignees of its tickets, by name, on the story page',
    journalists: 'the story page\'s ticket rows name their journalist',
    outlets: 'the story page\'s ticket rows name their outlet',
    statement_deliveries: 'each ticket row on a story page shows the last library statement sent to it',
    statements: 'the title of that last statement',
    statement_versions: 'the version number of that last statement',
  },

  // targets
  targets: {
    tickets: 'hits and breaches are counted over the tickets due in a window through the due-time index, in one statement',
    outlets: 'tier filters and breakdowns, and the outlet of each breach, joined in the same statement',
    users: 'the officer names of the breakdown by officer and of each breach, joined in the same statement',
  },

  // teams
  teams: {
    users: 'the team list names its members in the same statement',
  },

  // tickets
  tickets: {
    users: 'the queue page (one prepared statement) names the assignee; recent contacts name the officer',
    journalists: 'the queue page and the story-suggestion rows name the journalist; a greeting reads their name',
    outlets: 'the queue page names the outlet; the personal-data export lists each ticket\'s outlet',
    messages: 'the queue page\'s unread/replied markers, recent contacts, a greeting\'s inquiry text, the search text rebuilt after an erasure',
    approvals: 'the queue page\'s "approval pending" marker',
    stories: 'the queue page\'s story marker and the story-suggestion rows',
    story_tickets: 'the same story marker, and recent tickets in no story for suggested groups',
    outbound_messages: 'a cancelled reply\'s first response falls back to the earliest reply still going out, in one UPDATE',
  },

  // users
};
