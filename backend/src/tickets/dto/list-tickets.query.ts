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
import { PageQuery } from '../../common/dto/page.query.js';

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
