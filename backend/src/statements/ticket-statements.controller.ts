import { Body, Controller, Param, Post } from '@nestjs/common';
import type { StatementSendResultDto } from '@newsdesk/shared';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { SendStatementDto } from './dto/send-statement.dto.js';
import { StatementDeliveriesService } from './statement-deliveries.service.js';

@Controller('tickets/:id/statement')
export class TicketStatementsController {
  constructor(private readonly deliveries: StatementDeliveriesService) {}

  /** Sends the statement's current approved version as a reply to this ticket and records the delivery. */
  @Post()
  send(@Param('id') id: string, @Body() body: SendStatementDto, @CurrentUser() user: RequestUser): Promise<StatementSendResultDto> {
    return this.deliveries.sendToTicket(id, body.statementId, { status: body.status }, user);
  }
}
