import {
  REQUEST_TYPES,
  TICKET_OUTCOMES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type RequestType,
  type TicketOutcome,
  type TicketPriority,
  type TicketStatus,
  type UpdateTicketRequest,
} from '@newsdesk/shared';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsNotEmpty, IsString, IsUrl, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';

/** Every field optional; `null` clears assignee, deadline, journalist, outlet, outcome. */
export class UpdateTicketDto implements UpdateTicketRequest {
  // null is refused here (a ticket always has a subject), unlike the clearable fields below.
  @ValidateIf((_, value) => value !== undefined)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'subject must be text' })
  @IsNotEmpty({ message: 'subject must not be empty' })
  @MaxLength(500)
  subject?: string;

  @ValidateIf((_, value) => value !== undefined)
  @IsIn(TICKET_STATUSES, { message: `status must be one of: ${TICKET_STATUSES.join(', ')}` })
  status?: TicketStatus;

  @ValidateIf((_, value) => value !== undefined)
  @IsIn(TICKET_PRIORITIES, { message: `priority must be one of: ${TICKET_PRIORITIES.join(', ')}` })
  priority?: TicketPriority;

  @ValidateIf((_, value) => value !== undefined)
  @IsIn(REQUEST_TYPES, { message: `requestType must be one of: ${REQUEST_TYPES.join(', ')}` })
  requestType?: RequestType;

  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsUUID('all', { message: 'assigneeId must be a user id or null' })
  assigneeId?: string | null;

  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsISO8601({ strict: true }, { message: 'deadlineAt must be an ISO 8601 date-time or null' })
  deadlineAt?: string | null;

  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsUUID('all', { message: 'journalistId must be a journalist id or null' })
  journalistId?: string | null;

  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsUUID('all', { message: 'outletId must be an outlet id or null' })
  outletId?: string | null;

  @ValidateIf((_, value) => value !== undefined)
  @IsArray({ message: 'tags must be a list' })
  @ArrayMaxSize(20)
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,63}$/u, { each: true, message: 'each tag must be 1-64 letters, digits, spaces, _ . or -' })
  tags?: string[];

  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsIn(TICKET_OUTCOMES, { message: `outcome must be one of: ${TICKET_OUTCOMES.join(', ')}, or null` })
  outcome?: TicketOutcome | null;

  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(2000)
  outcomeNote?: string | null;

  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'coverageUrl must be an http(s) link or null' })
  @MaxLength(2000)
  coverageUrl?: string | null;

  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsUUID('all', { message: 'spokespersonId must be a user id or null' })
  spokespersonId?: string | null;
}
