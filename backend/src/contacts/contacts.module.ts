import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { ContactsService } from './contacts.service.js';
import { JournalistsController } from './journalists.controller.js';
import { JournalistsService } from './journalists.service.js';
import { OutletsController } from './outlets.controller.js';
import { OutletsService } from './outlets.service.js';

@Module({
  imports: [UsersModule],
  controllers: [JournalistsController, OutletsController],
  providers: [ContactsService, JournalistsService, OutletsService],
  exports: [ContactsService],
})
export class ContactsModule {}
