import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module.js';
import { OutboundModule } from '../outbound/outbound.module.js';
import { UsersModule } from '../users/users.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { ApprovalsController } from './approvals.controller.js';
import { ApprovalsRepository } from './approvals.repository.js';
import { ApprovalsService } from './approvals.service.js';

@Module({ imports: [OutboundModule, UsersModule, TicketsModule, MessagesModule], controllers: [ApprovalsController], providers: [ApprovalsService, ApprovalsRepository] })
export class ApprovalsModule {}
