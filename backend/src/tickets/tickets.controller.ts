import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import type { Page, TicketDetailDto, TicketQueueItemDto } from '@newsdesk/shared';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { CreateNoteDto } from './dto/create-note.dto.js';
import { CreateTicketDto } from './dto/create-ticket.dto.js';
import { ListTicketsQuery } from './dto/list-tickets.query.js';
import { MarkReadDto } from './dto/mark-read.dto.js';
import { UpdateTicketDto } from './dto/update-ticket.dto.js';
import { TicketsService } from './tickets.service.js';

@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  list(@Query() query: ListTicketsQuery, @CurrentUser() user: RequestUser): Promise<Page<TicketQueueItemDto>> {
    return this.tickets.list(query, user);
  }

  /** `:id` is the ticket's id or its reference (`ND-1042`). */
  @Get(':id')
  get(@Param('id') id: string, @CurrentUser() user: RequestUser): Promise<TicketDetailDto> {
    return this.tickets.get(id, user);
  }

  @Post()
  create(@Body() body: CreateTicketDto, @CurrentUser() user: RequestUser): Promise<TicketDetailDto> {
    return this.tickets.create(body, user);
  }

  @Patch(':id')
  update(@Param('id') id: string, @Body() body: UpdateTicketDto, @CurrentUser() user: RequestUser): Promise<TicketDetailDto> {
    return this.tickets.update(id, body, user);
  }

  /** This officer's read state: opening a ticket marks it read up to the newest message shown. */
  @Put(':id/read')
  @HttpCode(204)
  markRead(@Param('id') id: string, @Body() body: MarkReadDto, @CurrentUser() user: RequestUser): Promise<void> {
    return this.tickets.markRead(id, body, user);
  }

  @Post(':id/notes')
  addNote(@Param('id') id: string, @Body() body: CreateNoteDto, @CurrentUser() user: RequestUser): Promise<TicketDetailDto> {
    return this.tickets.addNote(id, body, user);
  }
}
