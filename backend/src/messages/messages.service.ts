import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Message } from './message.entity.js';
import { MessagesRepository } from './messages.repository.js';

/** The messages module's door for other modules: they never read or write the messages table themselves. */
@Injectable()
export class MessagesService {
  constructor(private readonly messages: MessagesRepository) {}

  forTicket(ticketId: string): Promise<Message[]> {
    return this.messages.forTicket(ticketId);
  }

  /** Adds a message to a ticket in the caller's transaction. */
  add(tx: EntityManager, fields: Partial<Message>): Promise<Message> {
    return this.messages.insert(tx, fields);
  }
}
