import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { StatementsModule } from '../statements/statements.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { StoriesController } from './stories.controller.js';
import { StoriesRepository } from './stories.repository.js';
import { StoriesService } from './stories.service.js';
import { StorySuggestionsService } from './story-suggestions.service.js';
import { TicketStorySuggestionsController } from './ticket-story-suggestions.controller.js';

@Module({
  imports: [TicketsModule, StatementsModule, UsersModule],
  controllers: [StoriesController, TicketStorySuggestionsController],
  providers: [StoriesService, StorySuggestionsService, StoriesRepository],
  exports: [StoriesService],
})
export class StoriesModule {}
