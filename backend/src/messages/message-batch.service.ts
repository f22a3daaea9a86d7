import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MessageBatchRepository, type InboundMessageRow } from './message-batch.repository.js';

/** Inbound messages stored by the intake, in the caller's transaction. */
@Injectable()
export class MessageBatchService {
  constructor(private readonly repository: MessageBatchRepository) {}

  ticketsOfInboundIds(tx: EntityManager, messageIds: string[]): Promise<string[]> {
    return this.repository.ticketsOfInboundIds(tx, messageIds);
  }

  insertInbound(tx: EntityManager, messages: InboundMessageRow[]): Promise<void> {
    return this.repository.insertInbound(tx, messages);
  }
}
