import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published read views (issue 13): each module that others must join in one statement publishes a plain
 * view of the columns they may read, and other modules join the view, never the table (declared in
 * PUBLISHED_VIEWS, database/table-owners.ts). Plain views are inlined by the planner, so a join through
 * one plans exactly like the join through the table; the owner may change its table freely as long as the
 * view keeps its columns (a new migration replaces the view with the same columns, more may be appended).
 */
// A frozen copy (a committed migration never changes): a later change to a view is a new migration.
const PUBLISHED_VIEW_COLUMNS: Record<string, { table: string; columns: string[] }> = {
  // users
  users_view: { table: 'users', columns: ['id', 'email', 'name', 'role', 'active', 'signature'] },
  // contacts
  journalists_view: { table: 'journalists', columns: ['id', 'name', 'email', 'aliases', 'outlet_id', 'created_at'] },
  outlets_view: { table: 'outlets', columns: ['id', 'name', 'tier', 'domains'] },
  // tickets
  tickets_view: {
    table: 'tickets',
    columns: [
      'id', 'number', 'reference', 'subject', 'status', 'priority', 'channel', 'request_type', 'tags', 'deadline_at',
      'suggested_deadline_at', 'assignee_id', 'journalist_id', 'outlet_id', 'outcome', 'created_by_id', 'acknowledged_at',
      'first_response_at', 'resolved_at', 'closed_at', 'reopen_count', 'last_activity_at', 'created_at', 'updated_at',
      'target_minutes', 'target_due_at', 'target_officer_id',
    ],
  },
  // messages
  messages_view: {
    table: 'messages',
    columns: ['id', 'ticket_id', 'kind', 'from_name', 'from_address', 'to', 'cc', 'message_id', 'author_id', 'raw_message_id', 'content_hash', 'text', 'new_text', 'created_at'],
  },
  // attachments
  attachments_view: { table: 'attachments', columns: ['id', 'message_id', 'filename', 'content_type', 'size', 'storage_key'] },
  // approvals
  approvals_view: { table: 'approvals', columns: ['id', 'ticket_id', 'message_id', 'status'] },
  // outbound
  outbound_messages_view: {
    table: 'outbound_messages',
    columns: ['id', 'kind', 'status', 'ticket_id', 'message_id', 'to_addresses', 'cc_addresses', 'rfc_message_id', 'created_at'],
  },
  uploads_view: { table: 'uploads', columns: ['id', 'sha256'] },
  // stories
  stories_view: { table: 'stories', columns: ['id', 'title', 'status'] },
  story_tickets_view: { table: 'story_tickets', columns: ['ticket_id', 'story_id', 'added_at'] },
  // statements
  statements_view: { table: 'statements', columns: ['id', 'title'] },
  statement_versions_view: { table: 'statement_versions', columns: ['id', 'statement_id', 'version'] },
  statement_deliveries_view: { table: 'statement_deliveries', columns: ['id', 'statement_id', 'statement_version_id', 'ticket_id', 'created_at'] },
  // events (for the metrics module, which converts after merging)
  events_view: { table: 'events', columns: ['id', 'type', 'entity_type', 'entity_id', 'ticket_id', 'actor_id', 'before', 'after', 'created_at'] },
  // teams (for the metrics module)
  teams_view: { table: 'teams', columns: ['id', 'name'] },
  team_members_view: { table: 'team_members', columns: ['team_id', 'user_id'] },
};

export class PublishedViews1766760000000 implements MigrationInterface {
  name = 'PublishedViews1766760000000';

  async up(db: QueryRunner): Promise<void> {
    for (const [view, { table, columns }] of Object.entries(PUBLISHED_VIEW_COLUMNS)) {
      await db.query(`CREATE VIEW ${view} AS SELECT ${columns.map((column) => `"${column}"`).join(', ')} FROM ${table}`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const view of Object.keys(PUBLISHED_VIEW_COLUMNS).reverse()) await db.query(`DROP VIEW ${view}`);
  }
}
