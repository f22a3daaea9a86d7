import { Module } from '@nestjs/common';
import { MessagesRepository } from './messages.repository.js';
import { MessagesService } from './messages.service.js';

@Module({ providers: [MessagesService, MessagesRepository], exports: [MessagesService] })
export class MessagesModule {}
