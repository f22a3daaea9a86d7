import {
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_SEARCH_SORTS,
  TICKET_SORTS,
  TICKET_STATUSES,
  type TicketChannel,
  type TicketPriority,
  type TicketSearchSort,
  type TicketSort,
  type TicketStatus,
} from '@newsdesk/shared';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PAGE_LIMIT_MAX, PageQuery } from '../../common/dto/page.query.js';
import { registerFastValidation } from '../../common/validation.js';

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value;

export class ListTicketsQuery extends PageQuery {
  /** One status or a comma-separated list. */
  @IsOptional()
  @Transform(list)
  @IsIn(TICKET_STATUSES, { each: true, message: `status must be among: ${TICKET_STATUSES.join(', ')}` })
  status?: TicketStatus[];

  /** `me`, `none` or a user id. */
  @IsOptional()
  @Matches(/^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'assignee must be me, none or a user id',
  })
  assignee?: string;

  @IsOptional()
  @Transform(list)
  @IsIn(TICKET_PRIORITIES, { each: true, message: `priority must be among: ${TICKET_PRIORITIES.join(', ')}` })
  priority?: TicketPriority[];

  @IsOptional()
  @IsIn(TICKET_CHANNELS, { message: `channel must be one of: ${TICKET_CHANNELS.join(', ')}` })
  channel?: TicketChannel;

  @IsOptional()
  @IsUUID('all', { message: 'outlet must be an outlet id' })
  outlet?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  tag?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'deadlineBefore must be an ISO 8601 date-time' })
  deadlineBefore?: string;

  /** Full-text search over subject and message text (web-search syntax: quotes, OR, -word). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  /** `relevance` needs `q`. */
  @IsIn([...TICKET_SORTS, ...TICKET_SEARCH_SORTS], { message: `sort must be one of: ${[...TICKET_SORTS, ...TICKET_SEARCH_SORTS].join(', ')}` })
  sort?: TicketSort | TicketSearchSort;
}

/** A type guard for membership of one of the contract's value lists. */
function memberOf<T extends string>(values: readonly T[]): (value: string) => value is T {
  const set = new Set<string>(values);
  return (value: string): value is T => set.has(value);
}

const isStatus = memberOf(TICKET_STATUSES);
const isPriority = memberOf(TICKET_PRIORITIES);
const isChannel = memberOf(TICKET_CHANNELS);
const isSort = memberOf<TicketSort | TicketSearchSort>([...TICKET_SORTS, ...TICKET_SEARCH_SORTS]);
const ASSIGNEE = /^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const LIMIT = /^[1-9][0-9]{0,2}$/;

/** A comma-separated list whose every part passes `is`, else null. */
function listOf<T extends string>(value: string, is: (part: string) => part is T): T[] | null {
  const parts = value.split(',').map((part) => part.trim()).filter(Boolean);
  const picked = parts.filter(is);
  return parts.length && picked.length === parts.length ? picked : null;
}

/**
 * The queue page's own query without class-validator (a third of a millisecond per page): only
 * plain strings of the paging and picking filters; search, tag, outlet, dates and every doubtful
 * value go to the full pipe. list-tickets.query.spec.ts holds it to the pipe's answers.
 */
export function validateQueueQuery(query: unknown): ListTicketsQuery | null {
  if (typeof query !== 'object' || query === null) return null;
  const parsed = new ListTicketsQuery();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string') return null;
    if (key === 'limit') {
      if (!LIMIT.test(value) || Number(value) > PAGE_LIMIT_MAX) return null;
      parsed.limit = Number(value);
    } else if (key === 'cursor') {
      // UTF-16 length bounds MaxLength's code-point count from above.
      if (value.length > 2000) return null;
      parsed.cursor = value;
    } else if (key === 'status') {
      const statuses = listOf(value, isStatus);
      if (!statuses) return null;
      parsed.status = statuses;
    } else if (key === 'priority') {
      const priorities = listOf(value, isPriority);
      if (!priorities) return null;
      parsed.priority = priorities;
    } else if (key === 'assignee' && ASSIGNEE.test(value)) parsed.assignee = value;
    else if (key === 'channel' && isChannel(value)) parsed.channel = value;
    else if (key === 'sort' && isSort(value)) parsed.sort = value;
    else return null;
  }
  return parsed;
}

registerFastValidation(ListTicketsQuery, validateQueueQuery);
