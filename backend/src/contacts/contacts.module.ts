import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { TicketRecordsModule } from '../tickets/ticket-records.module.js';
import { ContactMergeRegistry } from './contact-merge.registry.js';
import { ContactsService } from './contacts.service.js';
import { JournalistsController } from './journalists.controller.js';
import { JournalistsRepository } from './journalists.repository.js';
import { JournalistsService } from './journalists.service.js';
import { OutletsController } from './outlets.controller.js';
import { OutletsRepository } from './outlets.repository.js';
import { OutletsService } from './outlets.service.js';

@Module({
  imports: [UsersModule, TicketRecordsModule],
  controllers: [JournalistsController, OutletsController],
  providers: [ContactsService, JournalistsService, OutletsService, JournalistsRepository, OutletsRepository, ContactMergeRegistry],
  exports: [ContactsService, ContactMergeRegistry],
})
export class ContactsModule {}
