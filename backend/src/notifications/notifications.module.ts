import { Global, Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { NotificationsService } from './notifications.service.js';

@Global()
@Module({ imports: [UsersModule], providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
