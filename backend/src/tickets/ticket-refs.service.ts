import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TicketsRepository, type TicketLabelRow } from './tickets.repository.js';

/**
 * How other modules name a ticket, for the services TicketsService itself depends on (notifications):
 * this reader depends on nothing but the tickets repository, so no provider cycle forms.
 */
@Injectable()
export class TicketRefsService {
  constructor(private readonly tickets: TicketsRepository) {}

  /** Id, reference, subject and assignee, read in the caller's transaction. */
  withAssignee(tx: EntityManager, id: string): Promise<(TicketLabelRow & { assignee_id: string | null }) | null> {
    return this.tickets.findLabelWithAssignee(tx, id);
  }
}
