import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import type { Page, StatementSendResultDto, StoryDetailDto, StorySuggestionsDto, StorySummaryDto, SuggestedStoryGroupsDto } from '@newsdesk/shared';
import { IsString } from 'class-validator';
import { UuidParam } from '../common/dto/uuid.param.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { ListStoriesQuery } from './dto/list-stories.query.js';
import { SendStoryStatementDto } from './dto/send-story-statement.dto.js';
import { AddStoryTicketsDto, CreateStoryDto, UpdateStoryDto } from './dto/story.dto.js';
import { StorySuggestionsQuery, SuggestedGroupsQuery } from './dto/story-suggestions.query.js';
import { StoriesService } from './stories.service.js';
import { StorySuggestionsService } from './story-suggestions.service.js';

/** `:id` a story's uuid, `:ticketId` a ticket's id or reference (ND-1042). */
class StoryTicketParam extends UuidParam {
  @IsString()
  ticketId: string;
}

/** Stories: every staff role may read, create, link tickets and send an approved statement to all. */
@Controller('stories')
export class StoriesController {
  constructor(
    private readonly stories: StoriesService,
    private readonly suggestions: StorySuggestionsService,
  ) {}

  @Get()
  list(@Query() query: ListStoriesQuery, @CurrentUser() user: RequestUser): Promise<Page<StorySummaryDto>> {
    return this.stories.list(query, user);
  }

  /** Open tickets that read like `ticketId`, with the story each is in. */
  @Get('suggestions')
  suggest(@Query() query: StorySuggestionsQuery, @CurrentUser() user: RequestUser): Promise<StorySuggestionsDto> {
    const { ticketId, ...options } = query;
    return this.suggestions.forTicket(ticketId, options, user);
  }

  /** Recent tickets in no story, grouped into proposed stories. */
  @Get('suggested-groups')
  suggestedGroups(@Query() query: SuggestedGroupsQuery, @CurrentUser() user: RequestUser): Promise<SuggestedStoryGroupsDto> {
    return this.suggestions.groups(query, user);
  }

  @Post()
  create(@Body() body: CreateStoryDto, @CurrentUser() user: RequestUser): Promise<StoryDetailDto> {
    return this.stories.create(body, user);
  }

  @Get(':id')
  get(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser): Promise<StoryDetailDto> {
    return this.stories.get(id, user);
  }

  @Patch(':id')
  update(@Param() { id }: UuidParam, @Body() body: UpdateStoryDto, @CurrentUser() user: RequestUser): Promise<StoryDetailDto> {
    return this.stories.update(id, body, user);
  }

  @Post(':id/tickets')
  addTickets(@Param() { id }: UuidParam, @Body() body: AddStoryTicketsDto, @CurrentUser() user: RequestUser): Promise<StoryDetailDto> {
    return this.stories.addTickets(id, body, user);
  }

  /** `:ticketId` is the ticket's id or reference. */
  @Delete(':id/tickets/:ticketId')
  removeTicket(@Param() { id, ticketId }: StoryTicketParam, @CurrentUser() user: RequestUser): Promise<StoryDetailDto> {
    return this.stories.removeTicket(id, ticketId, user);
  }

  /** One reply per ticket, individually threaded; the answer lists each ticket's result. */
  @Post(':id/statement')
  sendStatement(@Param() { id }: UuidParam, @Body() body: SendStoryStatementDto, @CurrentUser() user: RequestUser): Promise<StatementSendResultDto> {
    return this.stories.sendStatement(id, body, user);
  }
}
