import { Injectable } from '@nestjs/common';
import type { AddressDto } from '@newsdesk/shared';
import type { EntityManager } from 'typeorm';
import { sqlExec, sqlRows } from '../database/sql.js';

export interface SentMailRecipientsRow {
  id: string;
  ticket_id: string;
  to_addresses: AddressDto[];
  cc_addresses: AddressDto[];
}

/** Outbox rows a delivery report says did not arrive. */
@Injectable()
export class BouncesRepository {
  /** Mails of ours with these Message-IDs, with their recipients. */
  sentWithMessageIds(tx: EntityManager, rfcMessageIds: string[]): Promise<SentMailRecipientsRow[]> {
    return sqlRows<SentMailRecipientsRow>(
      tx,
      `SELECT id, ticket_id, to_addresses, cc_addresses FROM outbound_messages WHERE rfc_message_id = ANY($1::text[]) AND ticket_id IS NOT NULL`,
      [rfcMessageIds],
    );
  }

  async markFailed(tx: EntityManager, outboundId: string, error: string): Promise<void> {
    await sqlExec(tx, `UPDATE outbound_messages SET status = 'failed', last_error = $2 WHERE id = $1`, [outboundId, error]);
  }
}
