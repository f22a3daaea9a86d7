import type { RequestType, TicketChannel, TicketOutcome, TicketPriority, TicketSort } from '@newsdesk/shared';

export const TICKET_PRIORITY_LABELS: Record<TicketPriority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

export const TICKET_CHANNEL_LABELS: Record<TicketChannel, string> = {
  email: 'Email',
  web: 'Web form',
  phone: 'Phone',
  in_person: 'In person',
};

export const TICKET_OUTCOME_LABELS: Record<TicketOutcome, string> = {
  statement_given: 'Statement given',
  interview_arranged: 'Interview arranged',
  declined: 'Declined',
  referred: 'Referred elsewhere',
  no_response: 'No response',
};

export const TICKET_SORT_LABELS: Record<TicketSort, string> = {
  deadline: 'Deadline (soonest first)',
  created: 'Newest first',
  updated: 'Recently updated',
  target: 'Response target (soonest first)',
};

export const REQUEST_TYPE_NAMES: Record<RequestType, string> = {
  comment: 'Comment',
  interview: 'Interview',
  data: 'Data',
  background: 'Background',
  other: 'Other',
};

