import { STORY_STATUSES, type StoryStatus } from '@newsdesk/shared';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/dto/page.query.js';

export class ListStoriesQuery extends PageQuery {
  @IsOptional()
  @IsIn(STORY_STATUSES, { message: `status must be one of: ${STORY_STATUSES.join(', ')}` })
  status?: StoryStatus;

  /** Part of the title. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
