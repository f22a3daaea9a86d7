import { Body, Controller, Param, Post } from '@nestjs/common';
import type { TicketDetailDto } from '@newsdesk/shared';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { CreateReplyDto } from './dto/create-reply.dto.js';
import { RepliesService } from './replies.service.js';

@Controller('tickets/:id/replies')
export class RepliesController {
  constructor(private readonly replies: RepliesService) {}

  @Post()
  create(@Param('id') id: string, @Body() body: CreateReplyDto, @CurrentUser() user: RequestUser): Promise<TicketDetailDto> {
    return this.replies.create(id, body, user);
  }

  /** Undo send, or call off a scheduled send, while the reply still waits in the outbox. */
  @Post(':messageId/cancellation')
  cancel(@Param('id') id: string, @Param('messageId') messageId: string, @CurrentUser() user: RequestUser): Promise<TicketDetailDto> {
    return this.replies.cancel(id, messageId, user);
  }
}
