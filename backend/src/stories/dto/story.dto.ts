import { STORY_STATUSES, type StoryStatus, type CreateStoryRequest, type UpdateStoryRequest, type AddStoryTicketsRequest } from '@newsdesk/shared';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { TicketIds } from './ticket-ids.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateStoryDto implements CreateStoryRequest {
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(200, { message: 'title must be at most 200 characters' })
  title: string;

  @ValidateIf((_story, value) => value !== undefined && value !== null)
  @Transform(trim)
  @IsString({ message: 'summary must be text or null' })
  @MaxLength(5000, { message: 'summary must be at most 5000 characters' })
  summary?: string | null;

  /** Ticket ids or references to put in the story at once. */
  @IsOptional()
  @TicketIds(false)
  ticketIds?: string[];

  /** Take the tickets out of the story they are in; otherwise such tickets are refused (409). */
  @IsOptional()
  @IsBoolean({ message: 'move must be true or false' })
  move?: boolean;
}

/** Every field optional; `summary: null` clears the summary. */
export class UpdateStoryDto implements UpdateStoryRequest {
  @ValidateIf((_story, value) => value !== undefined)
  @Transform(trim)
  @IsString({ message: 'title must be text' })
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(200, { message: 'title must be at most 200 characters' })
  title?: string;

  @ValidateIf((_story, value) => value !== undefined && value !== null)
  @Transform(trim)
  @IsString({ message: 'summary must be text or null' })
  @MaxLength(5000, { message: 'summary must be at most 5000 characters' })
  summary?: string | null;

  @ValidateIf((_story, value) => value !== undefined)
  @IsIn(STORY_STATUSES, { message: `status must be one of: ${STORY_STATUSES.join(', ')}` })
  status?: StoryStatus;
}

export class AddStoryTicketsDto implements AddStoryTicketsRequest {
  @TicketIds(true)
  ticketIds: string[];

  @IsOptional()
  @IsBoolean({ message: 'move must be true or false' })
  move?: boolean;
}
