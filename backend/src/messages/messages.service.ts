import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TicketRecordsService } from '../tickets/ticket-records.service.js';
import type { Message } from './message.entity.js';
import { MessagesRepository, type MessageExportRow, type ThreadEntryRow } from './messages.repository.js';

/** The messages module's door for other modules: they never read or write the messages table themselves. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly tickets: TicketRecordsService,
  ) {}

  forTicket(ticketId: string): Promise<Message[]> {
    return this.messages.forTicket(ticketId);
  }

  /** Adds a message to a ticket in the caller's transaction; the ticket's newest inbound/outbound time moves with it. */
  async add(tx: EntityManager, fields: Partial<Message>): Promise<Message> {
    const message = await this.messages.insert(tx, fields);
    // A note moves neither time: no statement for it.
    if (message.kind !== 'note') await this.tickets.recordMessageTimes(tx, [message.id]);
    return message;
  }

  async get(tx: EntityManager, id: string): Promise<Message> {
    const message = await this.messages.findById(tx, id);
    if (!message) throw new Error(`message ${id} does not exist`);
    return message;
  }

  /** An outbound message of the ticket, or null. */
  findOutbound(tx: EntityManager, id: string, ticketId: string): Promise<Message | null> {
    return this.messages.findOutbound(tx, id, ticketId);
  }

  threadOf(tx: EntityManager, ticketId: string, exceptId: string): Promise<ThreadEntryRow[]> {
    return this.messages.threadOf(tx, ticketId, exceptId);
  }

  setThreading(tx: EntityManager, id: string, inReplyTo: string | null, references: string[]): Promise<void> {
    return this.messages.setThreading(tx, id, inReplyTo, references);
  }

  /** A queued reply was called off before it left. */
  markCancelled(tx: EntityManager, id: string): Promise<void> {
    return this.messages.addFlag(tx, id, 'cancelled');
  }

  /** An approver let a held reply go. */
  markApproved(tx: EntityManager, id: string): Promise<void> {
    return this.messages.replaceFlag(tx, id, 'awaiting_approval', null);
  }

  /** An approver stopped a held reply. */
  markRejected(tx: EntityManager, id: string): Promise<void> {
    return this.messages.replaceFlag(tx, id, 'awaiting_approval', 'approval_rejected');
  }

  authorSignature(tx: EntityManager, id: string): Promise<string | null> {
    return this.messages.authorSignature(tx, id);
  }

  replaceBody(tx: EntityManager, id: string, body: { text: string; html: string; plain: string }): Promise<void> {
    return this.messages.replaceBody(tx, id, body);
  }

  /** A journalist's mail and our answers to it, for their personal-data export. */
  forExport(ticketIds: string[], address: string): Promise<MessageExportRow[]> {
    return this.messages.findForExport(ticketIds, address);
  }

  inboundSenderNames(tx: EntityManager, ticketIds: string[]): Promise<string[]> {
    return this.messages.findInboundSenderNames(tx, ticketIds);
  }

  inboundFrom(tx: EntityManager, ticketIds: string[], addresses: string[]): Promise<{ id: string; raw_message_id: string | null }[]> {
    return this.messages.findInboundFrom(tx, ticketIds, addresses);
  }

  /** Erasure: their messages keep only `replacement`. */
  eraseContent(tx: EntityManager, ids: string[], replacement: string): Promise<void> {
    return this.messages.eraseContent(tx, ids, replacement);
  }

  redactRecipient(tx: EntityManager, address: string, erasedAddress: string): Promise<void> {
    return this.messages.redactRecipient(tx, address, erasedAddress);
  }

  replaceInStaffText(tx: EntityManager, ticketIds: string[], from: string, to: string): Promise<void> {
    return this.messages.replaceInStaffText(tx, ticketIds, from, to);
  }
}
