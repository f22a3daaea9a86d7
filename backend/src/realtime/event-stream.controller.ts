import { Controller, Get, Headers, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { EventStreamService } from './event-stream.service.js';
import { SseConnection } from './sse.js';

@Controller('events')
export class EventStreamController {
  constructor(private readonly stream: EventStreamService) {}

  /** `text/event-stream` of `ticket` and `presence` events (shared/src/realtime.ts), with a heartbeat comment every 20 s. */
  @Get('stream')
  open(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: RequestUser,
    @Headers('last-event-id') lastEventId?: string,
  ): Promise<void> {
    return this.stream.subscribe(new SseConnection(request, reply), user, lastEventId);
  }
}
