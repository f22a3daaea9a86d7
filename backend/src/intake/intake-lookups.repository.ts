import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '../database/sql.js';
import type { PreviousMessageRow } from './raw-messages.repository.js';

/** Per address: a staff user's, and a known journalist's (by address or merged alias). */
export interface SenderStandingRow {
  address: string;
  staff: boolean;
  known: boolean;
}

/** An earlier message (address null) or a sender's standing (address set). */
interface RouteLookupRow {
  message_id: string | null;
  ticket_id: string | null;
  content_hash: string | null;
  same_bytes: boolean | null;
  address: string | null;
  staff: boolean | null;
  known: boolean | null;
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
  /**
   * What the route stage screens a stretch of messages by, in one statement: the earlier messages with each
   * Message-ID (rawIds[i] carries messageIds[i]): on a ticket, or a bounce or auto-reply that made none
   * (byte-identical raw mail is a duplicate even when a newer parser derives other text from it, hence
   * same_bytes); and the standing of each distinct lower-cased sender address.
   */
  async routeLookups(
    tx: EntityManager,
    rawIds: string[],
    messageIds: string[],
    addresses: string[],
  ): Promise<{ previous: PreviousMessageRow[]; standings: Map<string, SenderStandingRow> }> {
    const rows = await sqlRows<RouteLookupRow>(
      tx,
      `WITH input AS (
         SELECT i.raw_id, i.message_id, (SELECT sha256 FROM raw_messages WHERE id = i.raw_id) AS sha256
           FROM unnest($1::uuid[], $2::text[]) AS i(raw_id, message_id))
       SELECT i.message_id, m.ticket_id, m.content_hash, r.sha256 = i.sha256 AS same_bytes, NULL AS address, NULL::boolean AS staff, NULL::boolean AS known
         FROM input i JOIN messages_view m ON m.message_id = i.message_id LEFT JOIN raw_messages r ON r.id = m.raw_message_id
       UNION ALL
       SELECT i.message_id, r.ticket_id, r.content_hash, r.sha256 = i.sha256, NULL, NULL, NULL
         FROM input i JOIN raw_messages r ON r.message_id = i.message_id AND r.id <> i.raw_id
        WHERE r.outcome IN ('bounce', 'auto_reply') AND r.ticket_id IS NULL
       UNION ALL
       SELECT NULL, NULL, NULL, NULL, a.address,
              EXISTS (SELECT 1 FROM users_view WHERE email = a.address),
              EXISTS (SELECT 1 FROM journalists_view WHERE email = a.address OR aliases @> ARRAY[a.address])
         FROM unnest($3::text[]) AS a(address)`,
      [rawIds, messageIds, [...new Set(addresses)]],
      { named: true },
    );
    const previous: PreviousMessageRow[] = [];
    const standings = new Map<string, SenderStandingRow>();
    for (const row of rows) {
      if (row.address !== null) standings.set(row.address, { address: row.address, staff: row.staff!, known: row.known! });
      else previous.push({ message_id: row.message_id!, ticket_id: row.ticket_id, content_hash: row.content_hash, same_bytes: row.same_bytes });
    }
    return { previous, standings };
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
