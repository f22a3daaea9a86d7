import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TicketsRepository, type InquiryRow, type JournalistTicketExportRow, type TicketLabelRow } from './tickets.repository.js';

/**
 * The tickets module's records as the modules TicketsService itself depends on need them (contacts'
 * merges and directory, notifications, privacy): it depends on nothing but the tickets repository,
 * so those modules can call it without a cycle.
 */
@Injectable()
export class TicketRecordsService {
  constructor(private readonly tickets: TicketsRepository) {}

  /** Id, reference, subject and assignee, read in the caller's transaction. */
  withAssignee(tx: EntityManager, id: string): Promise<(TicketLabelRow & { assignee_id: string | null }) | null> {
    return this.tickets.findLabelWithAssignee(tx, id);
  }

  /** A merged duplicate journalist's tickets now name the survivor; answers the moved ids (the caller records the events). */
  moveJournalist(tx: EntityManager, fromId: string, toId: string): Promise<string[]> {
    return this.tickets.moveContact(tx, 'journalist_id', fromId, toId);
  }

  /** A merged duplicate outlet's tickets now name the survivor; answers the moved ids. */
  moveOutlet(tx: EntityManager, fromId: string, toId: string): Promise<string[]> {
    return this.tickets.moveContact(tx, 'outlet_id', fromId, toId);
  }

  inquiriesOfJournalist(journalistId: string, limit: number): Promise<InquiryRow[]> {
    return this.tickets.findInquiriesOf('journalist_id', journalistId, limit);
  }

  inquiriesOfOutlet(outletId: string, limit: number): Promise<InquiryRow[]> {
    return this.tickets.findInquiriesOf('outlet_id', outletId, limit);
  }

  forJournalistExport(journalistId: string): Promise<JournalistTicketExportRow[]> {
    return this.tickets.findForJournalistExport(journalistId);
  }

  idsOfJournalist(tx: EntityManager, journalistId: string): Promise<string[]> {
    return this.tickets.findIdsOfJournalist(tx, journalistId);
  }

  references(tx: EntityManager, ids: string[]): Promise<string[]> {
    return this.tickets.findReferences(tx, ids);
  }

  /** Messages were added to tickets (in the caller's transaction): their newest inbound/outbound times move with them. */
  recordMessageTimes(tx: EntityManager, messageIds: string[]): Promise<void> {
    return this.tickets.recordMessageTimes(tx, messageIds);
  }

  /** After an erasure: the search text holds only what the messages still say. */
  rebuildSearchText(tx: EntityManager, ids: string[]): Promise<void> {
    return this.tickets.rebuildSearchText(tx, ids);
  }

  /** Response targets changed: waiting tickets take the new target, in the caller's transaction; answers how many changed. */
  recomputeWaitingTargets(tx: EntityManager, calendarChanged = false): Promise<number> {
    return this.tickets.recomputeWaitingTargets(tx, calendarChanged);
  }
}
