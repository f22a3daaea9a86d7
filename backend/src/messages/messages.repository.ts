import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Message } from './message.entity.js';

/** The messages table: a ticket's conversation (inbound, outbound, notes). */
@Injectable()
export class MessagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A ticket's messages, oldest first, with their staff author. */
  forTicket(ticketId: string): Promise<Message[]> {
    return this.dataSource.getRepository(Message).find({ where: { ticketId }, relations: { author: true }, order: { createdAt: 'ASC' } });
  }

  /** Inserts a message and answers it with its id and defaults. */
  async insert(tx: EntityManager, fields: Partial<Message>): Promise<Message> {
    const repository = tx.getRepository(Message);
    return repository.save(repository.create(fields));
  }
}
