import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TicketBatchRepository, type NewTicketRow } from './ticket-batch.repository.js';
import type { Ticket } from './ticket.entity.js';

/** Tickets opened by the intake a batch at a time, in the caller's transaction. */
@Injectable()
export class TicketBatchService {
  constructor(private readonly repository: TicketBatchRepository) {}

  /** Opens the tickets; their references by id. */
  openMany(tx: EntityManager, tickets: NewTicketRow[]): Promise<Map<string, string>> {
    return this.repository.insertMany(tx, tickets);
  }

  idByNumber(tx: EntityManager, number: string, exceptId: string | null = null): Promise<string | null> {
    return this.repository.idByNumber(tx, number, exceptId);
  }

  latestOfJournalist(tx: EntityManager, journalistId: string, exceptId: string, recentDays: number): Promise<string | null> {
    return this.repository.latestOfJournalist(tx, journalistId, exceptId, recentDays);
  }

  async markPossibleDuplicate(tx: EntityManager, ticketId: string, duplicateOfId: string): Promise<string> {
    await this.repository.markPossibleDuplicate(tx, ticketId, duplicateOfId);
    return duplicateOfId;
  }

  lockForAppend(tx: EntityManager, ticketId: string): Promise<Ticket> {
    return this.repository.lockForAppend(tx, ticketId);
  }

  setSuggestedDeadline(tx: EntityManager, ticketId: string, suggestedDeadlineAt: Date): Promise<void> {
    return this.repository.setSuggestedDeadline(tx, ticketId, suggestedDeadlineAt);
  }

  recordInboundMessage(tx: EntityManager, ticket: Ticket, text: string): Promise<void> {
    return this.repository.recordInboundMessage(tx, ticket, text);
  }
}
