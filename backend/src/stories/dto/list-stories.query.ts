import { STORY_STATUSES, type StoryStatus } from '@newsdesk/shared';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ListStoriesQuery {
  @IsOptional()
  @IsIn(STORY_STATUSES, { message: `status must be one of: ${STORY_STATUSES.join(', ')}` })
  status?: StoryStatus;

  /** Part of the title. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(100, { message: 'limit must be at most 100' })
  limit?: number;
}
