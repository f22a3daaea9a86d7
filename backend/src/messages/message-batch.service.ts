import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TicketRecordsService } from '../tickets/ticket-records.service.js';
import { MessageBatchRepository, type InboundMessageRow } from './message-batch.repository.js';

/** Inbound messages stored by the intake, in the caller's transaction. */
@Injectable()
export class MessageBatchService {
  constructor(
    private readonly repository: MessageBatchRepository,
    private readonly tickets: TicketRecordsService,
  ) {}

  ticketsOfInboundIds(tx: EntityManager, messageIds: string[]): Promise<string[]> {
    return this.repository.ticketsOfInboundIds(tx, messageIds);
  }

  /** Stores the messages and moves their tickets' newest inbound time, in the caller's transaction. */
  async insertInbound(tx: EntityManager, messages: InboundMessageRow[]): Promise<void> {
    await this.repository.insertInbound(tx, messages);
    await this.tickets.recordMessageTimes(tx, messages.map((message) => message.id));
  }

  /**
   * Stores the first messages of tickets opened in this transaction: the ticket insert already set their
   * inbound time (the same now()), so the times UPDATE, which would change nothing, is not run.
   */
  insertOpening(tx: EntityManager, messages: InboundMessageRow[]): Promise<void> {
    return this.repository.insertInbound(tx, messages);
  }
}
