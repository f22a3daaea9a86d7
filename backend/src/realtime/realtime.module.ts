import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { EventStreamController } from './event-stream.controller.js';
import { EventStreamService } from './event-stream.service.js';
import { PresenceController } from './presence.controller.js';
import { PresenceRepository } from './presence.repository.js';
import { PresenceService } from './presence.service.js';

/** Live updates: the event stream fed by PostgreSQL LISTEN/NOTIFY, and who is on which ticket. */
@Module({
  imports: [AuthModule, TicketsModule],
  controllers: [EventStreamController, PresenceController],
  providers: [EventStreamService, PresenceService, PresenceRepository],
  exports: [EventStreamService, PresenceService],
})
export class RealtimeModule {}
