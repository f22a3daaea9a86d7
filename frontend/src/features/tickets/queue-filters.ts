import { TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_SORTS, TICKET_STATUSES, type TicketStatus } from '@newsdesk/shared';
import type { AssigneeFilter, TicketQueueFilters } from '../../api/tickets';

/** What the queue shows unless told otherwise: everything still waiting for the office. */
export const ACTIVE_STATUSES: TicketStatus[] = ['new', 'open', 'pending'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The queue's filters live in the address, so a filtered view can be bookmarked, shared and saved.
 * `status` is absent for the active statuses, `all`, or a comma list.
 */
export function readQueueFilters(params: URLSearchParams): TicketQueueFilters {
  const q = params.get('q')?.trim();
  const tag = params.get('tag')?.trim().toLowerCase();
  return {
    status: readStatuses(params.get('status')),
    assignee: readAssignee(params.get('assignee')),
    priority: pick(TICKET_PRIORITIES, params.get('priority')),
    channel: pick(TICKET_CHANNELS, params.get('channel')),
    outlet: UUID.test(params.get('outlet') ?? '') ? (params.get('outlet') as string) : undefined,
    tag: tag ? tag.slice(0, 64) : undefined,
    overdue: params.get('overdue') === '1' ? true : undefined,
    q: q ? q.slice(0, 200) : undefined,
    sort: pick(TICKET_SORTS, params.get('sort')) ?? 'deadline',
  };
}

export function toQueueSearchParams(filters: TicketQueueFilters): URLSearchParams {
  const params = new URLSearchParams();
  const status = writeStatuses(filters.status);
  if (status) params.set('status', status);
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.priority) params.set('priority', filters.priority);
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.outlet) params.set('outlet', filters.outlet);
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.overdue) params.set('overdue', '1');
  if (filters.q) params.set('q', filters.q);
  if (filters.sort && filters.sort !== 'deadline') params.set('sort', filters.sort);
  return params;
}

/** The status a filter names, or undefined for anything unknown. */
export function parseTicketStatus(value: string | null): TicketStatus | undefined {
  return pick(TICKET_STATUSES, value);
}

function readStatuses(value: string | null): TicketStatus[] | undefined {
  if (value === 'all') return undefined;
  const statuses = (value ?? '')
    .split(',')
    .map((part) => parseTicketStatus(part.trim()))
    .filter((status): status is TicketStatus => status !== undefined);
  return statuses.length ? TICKET_STATUSES.filter((status) => statuses.includes(status)) : ACTIVE_STATUSES;
}

function writeStatuses(statuses: TicketStatus[] | undefined): string | null {
  if (!statuses?.length) return 'all';
  if (statuses.length === ACTIVE_STATUSES.length && ACTIVE_STATUSES.every((status) => statuses.includes(status))) return null;
  return statuses.join(',');
}

function readAssignee(value: string | null): AssigneeFilter | undefined {
  if (value === 'me' || value === 'none') return value;
  return value && UUID.test(value) ? value : undefined;
}

function pick<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
  return allowed.find((candidate) => candidate === value);
}
