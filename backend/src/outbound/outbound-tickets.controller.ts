import { Body, Controller, Post } from '@nestjs/common';
import type { TicketDetailDto } from '@newsdesk/shared';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { CreateOutboundTicketDto } from './dto/create-outbound-ticket.dto.js';
import { RepliesService } from './replies.service.js';

/** Mail the office starts itself (a pitch, a follow-up): a new ticket whose first message is ours. */
@Controller('tickets/outbound')
export class OutboundTicketsController {
  constructor(private readonly replies: RepliesService) {}

  @Post()
  create(@Body() body: CreateOutboundTicketDto, @CurrentUser() user: RequestUser): Promise<TicketDetailDto> {
    return this.replies.startThread(body, user);
  }
}
