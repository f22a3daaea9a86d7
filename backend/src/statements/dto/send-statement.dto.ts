import type { SendTicketStatementRequest } from '@newsdesk/shared';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

/** The statuses a reply may set on its ticket ("send and set status"). */
export const REPLY_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

/** `POST /api/tickets/:id/statement`. */
export class SendStatementDto implements SendTicketStatementRequest {
  @IsUUID('all', { message: 'statementId must be a statement id' })
  statementId: string;

  @IsOptional()
  @IsIn(REPLY_STATUSES, { message: `status must be one of: ${REPLY_STATUSES.join(', ')}` })
  status?: ReplyStatus;
}
