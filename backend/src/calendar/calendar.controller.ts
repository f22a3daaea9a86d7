import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { CalendarSubscriptionDto } from '@newsdesk/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { CalendarFeedsService } from './calendar-feeds.service.js';

/** The deadline calendar: the signed-in person's subscription link, and the feed calendar apps fetch with it. */
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarFeedsService) {}

  @Get('subscription')
  subscription(@CurrentUser() user: RequestUser): Promise<CalendarSubscriptionDto> {
    return this.calendar.subscription(user);
  }

  /** Creates the link, or replaces it: the previous URL stops working at once. */
  @Post('subscription')
  createOrRotate(@CurrentUser() user: RequestUser): Promise<CalendarSubscriptionDto> {
    return this.calendar.createOrRotate(user);
  }

  @Delete('subscription')
  @HttpCode(204)
  revoke(@CurrentUser() user: RequestUser): Promise<void> {
    return this.calendar.revoke(user);
  }

  /** Calendar apps carry no cookie: the secret in the URL is the only credential, and it can only read. */
  @Public()
  @Get('deadlines/:file')
  async feed(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = await this.calendar.feed(file, request.ip);
    await reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="newsdesk-deadlines.ics"')
      .header('x-robots-tag', 'noindex')
      .send(body);
  }
}
