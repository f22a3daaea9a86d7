/**
 * Every `type` the append-only event log records: a closed list, so a new kind of event is added here
 * (and rendered by the dashboard's event switch) before any code can record it.
 */
export const EVENT_TYPES = [
  // Tickets and their thread
  'ticket.created',
  'ticket.updated',
  'note.added',
  'message.received',
  'deadline.detected',
  'acknowledgement.queued',
  'reply.queued',
  'reply.sent',
  'reply.cancelled',
  'delivery.failed',
  'intake.reprocessed',
  // Approvals of held replies, and their rules
  'approval.requested',
  'approval.approved',
  'approval.rejected',
  'approval_rule.created',
  'approval_rule.deleted',
  // Stories and the statement library
  'story.created',
  'story.updated',
  'story.ticket_added',
  'story.ticket_removed',
  'story.statement_sent',
  'statement.created',
  'statement.updated',
  'statement.version_created',
  'statement.approved',
  'statement.retired',
  'statement.delivered',
  // Contacts and privacy
  'journalist.updated',
  'journalist.merged',
  'journalist.deleted',
  'outlet.created',
  'outlet.updated',
  'outlet.merged',
  'outlet.deleted',
  'privacy.exported',
  'privacy.anonymised',
  'privacy.erased',
  // Office settings
  'template.created',
  'template.updated',
  'template.deleted',
  'response_target.created',
  'response_target.updated',
  'response_target.deleted',
  'team.created',
  'team.updated',
  'team.deleted',
  'outbox.test_queued',
  // People, sign-in and access
  'user.created',
  'user.updated',
  'user.profile_updated',
  'user.password_changed',
  'user.password_reset',
  'user.password_reset_requested',
  'user.lockout_lifted',
  'user.access_revoked',
  'auth.login',
  'auth.login_failed',
  'auth.second_factor_failed',
  'auth.two_factor_enabled',
  'auth.two_factor_disabled',
  'auth.two_factor_reset',
  'auth.recovery_codes_replaced',
  'session.ended',
  'api_token.created',
  'api_token.revoked',
  'calendar_feed.created',
  'calendar_feed.rotated',
  'calendar_feed.revoked',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

/** For values that arrive as plain strings (a NOTIFY payload, a row written before the list existed). */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && KNOWN_EVENT_TYPES.has(value);
}
