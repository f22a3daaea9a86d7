import {
  REQUEST_TYPES,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  type RequestType,
  type TicketChannel,
  type TicketPriority,
  type CreateTicketRequest,
  type JournalistInput,
} from '@newsdesk/shared';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class JournalistInputDto implements JournalistInput {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'journalist.email must be a valid email address' })
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @Transform(trim)
  @Matches(/^[+()0-9 .\-/]{3,40}$/, { message: 'journalist.phone must be a phone number' })
  phone?: string;
}

/** An inquiry logged by an officer (typically a phone call). */
export class CreateTicketDto implements CreateTicketRequest {
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'subject must not be empty' })
  @MaxLength(500)
  subject: string;

  /** What the journalist asked, in the officer's words. */
  @IsString()
  @IsNotEmpty({ message: 'text must not be empty' })
  @MaxLength(100_000)
  text: string;

  @IsOptional()
  @IsIn(TICKET_CHANNELS, { message: `channel must be one of: ${TICKET_CHANNELS.join(', ')}` })
  channel?: TicketChannel;

  @IsOptional()
  @ValidateNested()
  @Type(() => JournalistInputDto)
  journalist?: JournalistInputDto;

  @IsOptional()
  @IsUUID('all', { message: 'journalistId must be a journalist id' })
  journalistId?: string;

  @IsOptional()
  @IsUUID('all', { message: 'outletId must be an outlet id' })
  outletId?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'deadlineAt must be an ISO 8601 date-time with a time zone' })
  deadlineAt?: string;

  @IsOptional()
  @IsIn(REQUEST_TYPES, { message: `requestType must be one of: ${REQUEST_TYPES.join(', ')}` })
  requestType?: RequestType;

  @IsOptional()
  @IsIn(TICKET_PRIORITIES, { message: `priority must be one of: ${TICKET_PRIORITIES.join(', ')}` })
  priority?: TicketPriority;

  @IsOptional()
  @IsArray({ message: 'tags must be a list' })
  @ArrayMaxSize(20)
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,63}$/u, { each: true, message: 'each tag must be 1-64 letters, digits, spaces, _ . or -' })
  tags?: string[];

  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a user id' })
  assigneeId?: string;
}
