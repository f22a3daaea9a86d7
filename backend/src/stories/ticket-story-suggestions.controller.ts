import { Controller, Get, Param, Query } from '@nestjs/common';
import type { StorySuggestionsDto } from '@newsdesk/shared';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { StorySuggestionsOptions } from './dto/story-suggestions.query.js';
import { StorySuggestionsService } from './story-suggestions.service.js';

@Controller('tickets/:id/story-suggestions')
export class TicketStorySuggestionsController {
  constructor(private readonly suggestions: StorySuggestionsService) {}

  /** Same as `GET /api/stories/suggestions?ticketId=`, from the ticket page. */
  @Get()
  suggest(@Param('id') id: string, @Query() query: StorySuggestionsOptions, @CurrentUser() user: RequestUser): Promise<StorySuggestionsDto> {
    return this.suggestions.forTicket(id, query, user);
  }
}
