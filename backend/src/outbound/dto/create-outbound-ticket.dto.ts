import { REQUEST_TYPES, type RequestType, type CreateOutboundTicketRequest } from '@newsdesk/shared';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { CreateReplyDto } from './create-reply.dto.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A new mail to a journalist started from the dashboard (a pitch, a follow-up): it opens a ticket. */
export class CreateOutboundTicketDto extends CreateReplyDto implements CreateOutboundTicketRequest {
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'subject must not be empty' })
  @MaxLength(300)
  subject: string;

  /** An existing journalist; otherwise the first `to` address is found or created as one. */
  @IsOptional()
  @IsUUID('all', { message: 'journalistId must be a journalist id' })
  journalistId?: string;

  /** The journalist's name, when `to` names someone new. */
  @ValidateIf((dto: CreateOutboundTicketDto) => dto.journalistName !== undefined)
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  journalistName?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'deadlineAt must be an ISO 8601 date-time with a time zone' })
  deadlineAt?: string;

  @IsOptional()
  @IsIn(REQUEST_TYPES, { message: `requestType must be one of: ${REQUEST_TYPES.join(', ')}` })
  requestType?: RequestType;
}
