import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import type { TicketPresenceDto } from '@newsdesk/shared';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { UpdatePresenceDto } from './dto/update-presence.dto.js';
import { PresenceService } from './presence.service.js';

/** `:id` is the ticket's id or its reference, as on the tickets routes. */
@Controller('tickets/:id/presence')
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @Get()
  get(@Param('id') id: string, @CurrentUser() user: RequestUser): Promise<TicketPresenceDto> {
    return this.presence.get(id, user);
  }

  /** The dashboard repeats this every 15 s while the ticket is open; an entry lapses 45 s after the last one. */
  @Put()
  update(@Param('id') id: string, @Body() body: UpdatePresenceDto, @CurrentUser() user: RequestUser): Promise<TicketPresenceDto> {
    return this.presence.update(id, body.state, user);
  }

  @Delete()
  @HttpCode(204)
  leave(@Param('id') id: string, @CurrentUser() user: RequestUser): Promise<void> {
    return this.presence.leave(id, user);
  }
}
