import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '../database/sql.js';

/** Per address: a staff user's, and a known journalist's (by address or merged alias). */
export interface SenderStandingRow {
  address: string;
  staff: boolean;
  known: boolean;
}

interface TicketIdRow {
  ticket_id: string;
}

/**
 * The reads the intake routes a message by that join other modules' data in one statement (who the
 * sender is, whether they took part in a ticket, which ticket our signed Message-ID belongs to), through
 * the owners' published views. Single-table reads go through the owners' services.
 */
@Injectable()
export class IntakeLookupsRepository {
  /** Standing of each distinct lower-cased address. */
  async senderStandings(tx: EntityManager, addresses: string[]): Promise<Map<string, SenderStandingRow>> {
    if (!addresses.length) return new Map();
    const rows = await sqlRows<SenderStandingRow>(
      tx,
      `SELECT a.address,
              EXISTS (SELECT 1 FROM users_view WHERE email = a.address) AS staff,
              EXISTS (SELECT 1 FROM journalists_view WHERE email = a.address OR aliases @> ARRAY[a.address]) AS known
         FROM unnest($1::text[]) AS a(address)`,
      [[...new Set(addresses)]],
    );
    return new Map(rows.map((row) => [row.address, row]));
  }

  /** True when `address` already took part in the ticket: its journalist, or on any message's From/To/Cc. */
  async isParticipant(tx: EntityManager, ticketId: string, address: string): Promise<boolean> {
    const probe = JSON.stringify([{ address }]);
    const rows = await sqlRows<{ found: number }>(
      tx,
      `SELECT 1 AS found FROM tickets_view t LEFT JOIN journalists_view j ON j.id = t.journalist_id
        WHERE t.id = $1 AND j.email = $2
       UNION ALL
       SELECT 1 FROM messages_view m
        WHERE m.ticket_id = $1 AND (lower(m.from_address) = $2 OR m."to" @> $3::jsonb OR m.cc @> $3::jsonb)
       UNION ALL
       SELECT 1 FROM outbound_messages_view o
        WHERE o.ticket_id = $1 AND (o.to_addresses @> $3::jsonb OR o.cc_addresses @> $3::jsonb)
       LIMIT 1`,
      [ticketId, address, probe],
    );
    return rows.length > 0;
  }

  /** The ticket of one of OUR signed Message-IDs: a mail we sent, or a message on a ticket. */
  async ticketOfSignedIds(tx: EntityManager, signedIds: string[]): Promise<string | null> {
    const [row] = await sqlRows<TicketIdRow>(
      tx,
      `SELECT ticket_id FROM outbound_messages_view WHERE rfc_message_id = ANY($1::text[]) AND ticket_id IS NOT NULL
       UNION ALL
       SELECT ticket_id FROM messages_view WHERE message_id = ANY($1::text[])
       LIMIT 1`,
      [signedIds],
    );
    return row?.ticket_id ?? null;
  }








}
