import { REQUEST_TYPES, type RequestType } from '@newsdesk/shared';
import { Transform } from 'class-transformer';
import {
  Allow,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isCalendarDate, isTimeZone, zonedDateTimeToInstant } from '../deadline.js';

// Decorators run nearest-first and only each field's first message is shown: presence, then shape, then rules.

// oxlint-disable-next-line no-control-regex -- control characters are what we strip
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/** One line: no control characters or line breaks can reach a mail header. */
const line = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim() : value);
const optionalLine = (params: { value: unknown }) => {
  const value = line(params);
  return value === '' ? undefined : value;
};
const paragraphs = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim() : value;

const MAX_YEAR_AHEAD_MS = 366 * 24 * 3600 * 1000;
const DEADLINE_FIELDS = ['deadlineDate', 'deadlineTime', 'deadlineTimezone'] as const;
type DeadlineFields = Pick<CreatePublicInquiryDto, (typeof DEADLINE_FIELDS)[number]>;

/** A deadline counts as given once a date or a time is; the time zone alone (the page always sends one) does not. */
const hasDeadline = (inquiry: DeadlineFields) => inquiry.deadlineDate !== undefined || inquiry.deadlineTime !== undefined;

export function deadlineOf(inquiry: DeadlineFields): Date | null {
  if (!hasDeadline(inquiry) || !inquiry.deadlineDate || !inquiry.deadlineTime || !inquiry.deadlineTimezone) return null;
  return zonedDateTimeToInstant(inquiry.deadlineDate, inquiry.deadlineTime, inquiry.deadlineTimezone);
}

/**
 * Whether the deadline is in the future (and within a year) at `now`, the app's Clock: checked beside the DTO's rules so a
 * 400 still lists every problem at once. Reads the raw fields the way the DTO does; a field the DTO already refused is its
 * problem alone.
 */
export function deadlineProblem(fields: object, refused: ReadonlySet<string>, now: Date): { field: 'deadlineDate'; messages: string[] } | null {
  if (DEADLINE_FIELDS.some((field) => refused.has(field))) return null;
  const raw = fields as Record<string, unknown>;
  const [deadlineDate, deadlineTime, deadlineTimezone] = DEADLINE_FIELDS.map((field) => optionalLine({ value: raw[field] }));
  if (typeof deadlineDate !== 'string' || typeof deadlineTime !== 'string' || typeof deadlineTimezone !== 'string') return null;
  const deadline = deadlineOf({ deadlineDate, deadlineTime, deadlineTimezone });
  if (!deadline) return null;
  if (deadline.getTime() <= now.getTime()) return { field: 'deadlineDate', messages: ['The deadline must be in the future'] };
  if (deadline.getTime() >= now.getTime() + MAX_YEAR_AHEAD_MS) return { field: 'deadlineDate', messages: ['The deadline must be within the next year'] };
  return null;
}

@ValidatorConstraint({ name: 'calendarDate' })
class CalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isCalendarDate(value);
  }
  defaultMessage(): string {
    return 'Enter the deadline date as a real date, for example 2026-06-05';
  }
}

@ValidatorConstraint({ name: 'timeZone' })
class TimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isTimeZone(value);
  }
  defaultMessage(): string {
    return 'Choose a time zone from the list, such as Europe/London';
  }
}

/** An inquiry from the public web form (multipart/form-data fields, or a JSON body without attachments). */
export class CreatePublicInquiryDto {
  @MaxLength(200, { message: 'Name must be 200 characters or fewer' })
  @IsString({ message: 'Enter your name' })
  @IsNotEmpty({ message: 'Enter your name' })
  @Transform(line)
  name: string;

  @IsEmail({}, { message: 'Enter an email address in the correct format, like name@example.com' })
  @MaxLength(254, { message: 'Email address must be 254 characters or fewer' })
  @IsString({ message: 'Enter your email address' })
  @IsNotEmpty({ message: 'Enter your email address' })
  @Transform(line)
  email: string;

  /** Publication or programme; "Freelance" is fine. */
  @MaxLength(200, { message: 'Outlet must be 200 characters or fewer' })
  @IsString({ message: 'Enter the outlet you work for, or "Freelance"' })
  @IsNotEmpty({ message: 'Enter the outlet you work for, or "Freelance"' })
  @Transform(line)
  outlet: string;

  @Matches(/^\+?[0-9 ()./-]{5,40}$/, { message: 'Enter a phone number using digits, spaces, +, - and brackets' })
  @MaxLength(40, { message: 'Phone number must be 40 characters or fewer' })
  @IsString({ message: 'Enter a phone number using digits, spaces, +, - and brackets' })
  @IsOptional()
  @Transform(optionalLine)
  phone?: string;

  /** YYYY-MM-DD, in deadlineTimezone. */
  @Validate(CalendarDate)
  @IsString({ message: 'Enter the deadline date, or leave the whole deadline empty' })
  @IsNotEmpty({ message: 'Enter the deadline date, or leave the whole deadline empty' })
  @ValidateIf(hasDeadline)
  @Transform(optionalLine)
  deadlineDate?: string;

  /** HH:MM (24-hour), in deadlineTimezone. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, { message: 'Enter the deadline time as HH:MM, for example 17:30' })
  @IsString({ message: 'Enter the deadline time, or leave the whole deadline empty' })
  @IsNotEmpty({ message: 'Enter the deadline time, or leave the whole deadline empty' })
  @ValidateIf(hasDeadline)
  @Transform(optionalLine)
  deadlineTime?: string;

  /** IANA time zone of the deadline, such as Europe/London. */
  @Validate(TimeZone)
  @MaxLength(64, { message: 'Choose a time zone from the list, such as Europe/London' })
  @IsString({ message: 'Choose the time zone of your deadline' })
  @IsNotEmpty({ message: 'Choose the time zone of your deadline' })
  @ValidateIf(hasDeadline)
  @Transform(optionalLine)
  deadlineTimezone?: string;

  @IsIn(REQUEST_TYPES, { message: `Choose the kind of request: ${REQUEST_TYPES.join(', ')}` })
  @IsNotEmpty({ message: 'Choose the kind of request' })
  @Transform(line)
  requestType: RequestType;

  @MaxLength(200, { message: 'Subject must be 200 characters or fewer' })
  @IsString({ message: 'Enter a subject' })
  @IsNotEmpty({ message: 'Enter a subject' })
  @Transform(line)
  subject: string;

  @MaxLength(20_000, { message: 'Message must be 20,000 characters or fewer' })
  @IsString({ message: 'Enter your message' })
  @IsNotEmpty({ message: 'Enter your message' })
  @Transform(paragraphs)
  message: string;

  /** From GET /api/public/inquiries/token. */
  @MaxLength(200, { message: 'The form token is not valid: reload the page and send the form again' })
  @IsString({ message: 'The form is missing its token: reload the page and send the form again' })
  @IsNotEmpty({ message: 'The form is missing its token: reload the page and send the form again' })
  token: string;

  /** Honeypot: people never see it; anything in it marks the submission as a bot's. */
  @Allow()
  website?: unknown;
}
