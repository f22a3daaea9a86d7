import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventsService } from '../events/events.service.js';
import { BouncesRepository, type SentMailRecipientsRow } from './bounces.repository.js';

/** A bounce matched to a mail of ours (by the intake): the mail is failed, with the report's text, and the failure recorded. */
@Injectable()
export class BouncesService {
  constructor(
    private readonly repository: BouncesRepository,
    private readonly events: EventsService,
  ) {}

  /** Mails of ours a bounce quotes by Message-ID, with their recipients. */
  sentWithMessageIds(tx: EntityManager, rfcMessageIds: string[]): Promise<SentMailRecipientsRow[]> {
    return this.repository.sentWithMessageIds(tx, rfcMessageIds);
  }

  async deliveryFailed(tx: EntityManager, outbound: { id: string; ticketId: string }, report: { rawMessageId: string; text: string | null }): Promise<void> {
    await this.repository.markFailed(tx, outbound.id, `bounced: ${(report.text ?? '').slice(0, 500)}`);
    await this.events.record(
      { type: 'delivery.failed', entityType: 'outbound_message', entityId: outbound.id, ticketId: outbound.ticketId, after: { rawMessageId: report.rawMessageId } },
      tx,
    );
  }
}
