import { REPLY_STATUSES, type ReplyStatus, type SendTicketStatementRequest } from '@newsdesk/shared';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

/** `POST /api/tickets/:id/statement`. */
export class SendStatementDto implements SendTicketStatementRequest {
  @IsUUID('all', { message: 'statementId must be a statement id' })
  statementId: string;

  @IsOptional()
  @IsIn(REPLY_STATUSES, { message: `status must be one of: ${REPLY_STATUSES.join(', ')}` })
  status?: ReplyStatus;
}
