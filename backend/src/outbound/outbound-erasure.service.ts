import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboundErasureRepository } from './outbound-erasure.repository.js';

/** A journalist's data in the outbox, for privacy's erasure: each step runs in the erasure's transaction. */
@Injectable()
export class OutboundErasureService {
  constructor(private readonly erasure: OutboundErasureRepository) {}

  /** A digest names missed deadlines with the journalist: a queued one is dropped (the next refresh renders it again), a sent one emptied. */
  eraseDigestsMentioning(tx: EntityManager, references: string[], removed: string): Promise<void> {
    return references.length ? this.erasure.eraseDigestsMentioning(tx, references, removed) : Promise.resolve();
  }

  /** The sent bytes hold their name and address: dropped, so the .eml download is recomposed from the redacted row. */
  dropSentBytes(tx: EntityManager, ticketIds: string[], addresses: string[]): Promise<void> {
    return this.erasure.deleteSentMime(tx, ticketIds, addresses);
  }

  /** The address among every outbox row's recipients, and its hourly acknowledgement counts. */
  async replaceRecipient(tx: EntityManager, address: string, replacement: string): Promise<void> {
    await this.erasure.replaceRecipient(tx, address, replacement);
    await this.erasure.deleteRecipientCounts(tx, address);
  }

  replaceTextOnTickets(tx: EntityManager, ticketIds: string[], text: string, replacement: string): Promise<void> {
    return this.erasure.replaceTextOnTickets(tx, ticketIds, text, replacement);
  }

  forgetAcknowledgementQuotas(tx: EntityManager, emailKeys: string[]): Promise<void> {
    return this.erasure.deleteWebRecipientQuotas(tx, emailKeys);
  }
}
