import { IsUUID } from 'class-validator';

export class MarkReadDto {
  /** The newest message the officer was shown; later mail stays unread. */
  @IsUUID('all', { message: 'upToMessageId must be a message id' })
  upToMessageId: string;
}
