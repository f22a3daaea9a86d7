import { TICKET_OUTCOMES, type TicketOutcome, type CreateReplyRequest } from '@newsdesk/shared';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';

export class CreateReplyDto implements CreateReplyRequest {
  /** Markdown (default) or HTML; optional when a template is given. */
  @ValidateIf((reply: CreateReplyDto) => !reply.templateId || reply.body !== undefined)
  @IsString()
  @MaxLength(100_000)
  body?: string;

  @IsOptional()
  @IsIn(['markdown', 'html'], { message: 'format must be markdown or html' })
  format?: 'markdown' | 'html';

  /** Recipient addresses; default: the ticket's journalist. */
  @IsOptional()
  @IsArray({ message: 'to must be a list of addresses' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(254, { each: true })
  to?: string[];

  @IsOptional()
  @IsArray({ message: 'cc must be a list of addresses' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(254, { each: true })
  cc?: string[];

  /** Files uploaded with POST /api/uploads. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true, message: 'each upload id must be an id from POST /api/uploads' })
  uploadIds?: string[];

  @IsOptional()
  @IsUUID('all', { message: 'templateId must be a template id' })
  templateId?: string;

  /** "Send and set status". */
  @IsOptional()
  @IsIn(['open', 'pending', 'resolved', 'closed'], { message: 'status must be open, pending, resolved or closed' })
  status?: 'open' | 'pending' | 'resolved' | 'closed';

  @IsOptional()
  @IsIn(TICKET_OUTCOMES, { message: `outcome must be one of: ${TICKET_OUTCOMES.join(', ')}` })
  outcome?: TicketOutcome;

  /** A statement on the record (approval rules may then require sign-off). The server also recognises text from the statement library: false never lifts a hold. */
  @IsOptional()
  @IsBoolean({ message: 'statement must be true or false' })
  statement?: boolean;

  /** Send it to an approver first, even when no rule requires it. */
  @IsOptional()
  @IsBoolean({ message: 'submitForApproval must be true or false' })
  submitForApproval?: boolean;

  /** Scheduled send: the outbox holds the mail until this time (ISO 8601 with a time zone, within a year). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'sendAt must be an ISO 8601 date-time with a time zone' })
  @MaxLength(40)
  sendAt?: string;
}
