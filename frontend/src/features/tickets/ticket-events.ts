import { TICKET_STATUSES, type EventType, type TicketEventDto, type TicketOutcome, type TicketPriority, type TicketStatus } from '@newsdesk/shared';
import { formatDateTime } from '../../components/RelativeTime';
import { TICKET_OUTCOME_LABELS, TICKET_PRIORITY_LABELS, REQUEST_TYPE_NAMES } from './ticket-labels';
import { TICKET_STATUS_LABELS } from './ticket-status-labels';

// Shown as messages in the thread already; their events would say the same twice.
const SHOWN_AS_MESSAGES: ReadonlySet<EventType> = new Set(['note.added', 'reply.queued', 'message.received']);

/** Whether an event gets its own line in the thread. */
export function isThreadEvent(event: TicketEventDto): boolean {
  return !SHOWN_AS_MESSAGES.has(event.type);
}

/**
 * One readable sentence per change, e.g. "assigned the inquiry to Sam", "changed the status from New to Open".
 * The switch covers every EventType: a new type in shared/src/events.ts does not compile until it is placed here.
 */
export function describeEvent(event: TicketEventDto, userName: (id: string) => string | undefined): string[] {
  const type = event.type;
  switch (type) {
    case 'ticket.created':
      if (event.after?.direction === 'outbound') return ['started this conversation by email'];
      if (event.actor) return [event.after?.channel === 'phone' ? 'logged the phone call' : event.after?.channel === 'in_person' ? 'logged the in-person inquiry' : 'logged the inquiry'];
      return ['The inquiry arrived'];
    case 'acknowledgement.queued':
      return ['An acknowledgement was queued for the journalist'];
    case 'reply.sent':
      return [replySentLine(event)];
    case 'reply.cancelled':
      return [text(event.after?.scheduledFor) ? 'cancelled a scheduled reply before it was sent' : 'undid sending a reply: it was not sent'];
    case 'delivery.failed':
      return [`A mail could not be delivered${typeof event.after?.error === 'string' ? `: ${event.after.error}` : ''}`];
    case 'ticket.updated':
      return describeChanges(event.before ?? {}, event.after ?? {}, userName);
    case 'story.ticket_added':
      return [`added it to the story “${text(event.after?.title) ?? 'a story'}”`];
    case 'story.ticket_removed':
      return [`took it out of the story “${text(event.before?.title) ?? 'a story'}”`];
    case 'statement.delivered':
      return [`sent a library statement${typeof event.after?.version === 'number' ? ` (version ${event.after.version})` : ''}`];
    case 'approval.requested':
      return [`held a reply for approval${text(event.after?.reason) ? ` (${text(event.after?.reason)})` : ''}`];
    case 'approval.approved':
      return [event.after?.edited ? 'approved the held reply with edits' : 'approved the held reply'];
    case 'approval.rejected':
      return [`rejected the held reply${text(event.after?.comment) ? `: ${text(event.after?.comment)}` : ''}`];
    // Told by the thread's own entries, or the type's words say enough.
    case 'note.added':
    case 'message.received':
    case 'deadline.detected':
    case 'reply.queued':
    case 'intake.reprocessed':
    case 'approval_rule.created':
    case 'approval_rule.deleted':
    case 'story.created':
    case 'story.updated':
    case 'story.statement_sent':
    case 'statement.created':
    case 'statement.updated':
    case 'statement.version_created':
    case 'statement.approved':
    case 'statement.retired':
    case 'journalist.updated':
    case 'journalist.merged':
    case 'journalist.deleted':
    case 'outlet.created':
    case 'outlet.updated':
    case 'outlet.merged':
    case 'outlet.deleted':
    case 'privacy.exported':
    case 'privacy.anonymised':
    case 'privacy.erased':
    case 'template.created':
    case 'template.updated':
    case 'template.deleted':
    case 'response_target.created':
    case 'response_target.updated':
    case 'response_target.deleted':
    case 'team.created':
    case 'team.updated':
    case 'team.deleted':
    case 'outbox.test_queued':
    case 'user.created':
    case 'user.updated':
    case 'user.profile_updated':
    case 'user.password_changed':
    case 'user.password_reset':
    case 'user.password_reset_requested':
    case 'user.lockout_lifted':
    case 'user.access_revoked':
    case 'auth.login':
    case 'auth.login_failed':
    case 'auth.second_factor_failed':
    case 'auth.two_factor_enabled':
    case 'auth.two_factor_disabled':
    case 'auth.two_factor_reset':
    case 'auth.recovery_codes_replaced':
    case 'session.ended':
    case 'api_token.created':
    case 'api_token.revoked':
    case 'calendar_feed.created':
    case 'calendar_feed.rotated':
    case 'calendar_feed.revoked':
      return [plainWords(type)];
    default: {
      // Unreachable by type; a server newer than this dashboard may still send a type it does not know.
      const unknown: never = type;
      return [plainWords(String(unknown))];
    }
  }
}

function plainWords(type: string): string {
  return type.replace(/[._]/g, ' ');
}

/** "Delivered" only when a mail server accepted the reply; older events carry no route but the outbox folder's answer. */
function replySentLine(event: TicketEventDto): string {
  const via = event.after?.via ?? (text(event.after?.response)?.startsWith('written to outbox/') ? 'outbox' : 'smtp');
  return via === 'outbox' ? 'The reply waits in the local outbox (no mail server configured)' : 'A mail server accepted the reply';
}

function describeChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  userName: (id: string) => string | undefined,
): string[] {
  const lines: string[] = [];
  for (const [field, value] of Object.entries(after)) {
    const previous = before[field];
    switch (field) {
      case 'status':
        lines.push(`changed the status from ${statusLabel(previous)} to ${statusLabel(value)}`);
        break;
      case 'assigneeId':
        lines.push(typeof value === 'string' ? `assigned the inquiry to ${userName(value) ?? 'a colleague'}` : 'unassigned the inquiry');
        break;
      case 'priority':
        lines.push(`set the priority to ${TICKET_PRIORITY_LABELS[value as TicketPriority] ?? String(value)}`);
        break;
      case 'deadlineAt':
        lines.push(typeof value === 'string' ? `set the deadline to ${formatDateTime(value)}` : 'removed the deadline');
        break;
      case 'tags':
        lines.push(Array.isArray(value) && value.length ? `set the tags to ${value.join(', ')}` : 'removed all tags');
        break;
      case 'requestType':
        lines.push(`marked it as a ${(REQUEST_TYPE_NAMES as Record<string, string>)[String(value)]?.toLowerCase() ?? String(value)} request`);
        break;
      case 'outcome':
        lines.push(value ? `recorded the outcome “${TICKET_OUTCOME_LABELS[value as TicketOutcome] ?? String(value)}”` : 'cleared the outcome');
        break;
      case 'outcomeNote':
        if (value) lines.push(`noted: ${String(value)}`);
        break;
      case 'subject':
        lines.push(`renamed it “${String(value)}”`);
        break;
      case 'journalistId':
        lines.push('changed the journalist');
        break;
      case 'outletId':
        lines.push('changed the outlet');
        break;
      case 'coverageUrl':
        lines.push(value ? 'linked the published coverage' : 'removed the coverage link');
        break;
      case 'spokespersonId':
        lines.push(typeof value === 'string' ? `recorded ${userName(value) ?? 'a colleague'} as the spokesperson` : 'cleared the spokesperson');
        break;
      default:
        break; // resolvedAt and closedAt follow from the status line
    }
  }
  return lines;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function statusLabel(value: unknown): string {
  const status = TICKET_STATUSES.find((candidate) => candidate === value);
  return status ? TICKET_STATUS_LABELS[status as TicketStatus] : 'none';
}
