import { REPLY_STATUSES, type ReplyStatus, type SendStoryStatementRequest } from '@newsdesk/shared';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** One statement to every ticket of the story, as individually threaded replies: `statementId` or `body`. */
export class SendStoryStatementDto implements SendStoryStatementRequest {
  /** An approved library statement: its current version is sent and each delivery recorded. */
  @IsOptional()
  @IsUUID('all', { message: 'statementId must be a statement id' })
  statementId?: string;

  /** A text written for this story (Markdown), when no library statement fits. */
  @IsOptional()
  @IsString({ message: 'body must be text' })
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(100_000, { message: 'body must be at most 100000 characters' })
  body?: string;

  /** "Send and set status" for every ticket. */
  @IsOptional()
  @IsIn(REPLY_STATUSES, { message: `status must be one of: ${REPLY_STATUSES.join(', ')}` })
  status?: ReplyStatus;
}
