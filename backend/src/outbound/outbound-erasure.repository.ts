import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlExec } from '../database/sql.js';

/** Our digests (no ticket) that name one of these ticket references in their text or their CSV. */
const MENTIONS = `rfc_message_id LIKE 'nd.digest%' AND EXISTS (
  SELECT 1 FROM unnest($1::text[]) ref
   WHERE text ~ ('\\m' || ref || '\\M')
      OR EXISTS (SELECT 1 FROM jsonb_array_elements(generated_attachments) a WHERE convert_from(decode(a->>'content', 'base64'), 'UTF8') ~ ('\\m' || ref || '\\M')))`;

/** The statements a journalist's erasure runs on outbound's tables, all in the erasure's transaction. */
@Injectable()
export class OutboundErasureRepository {
  /** Drops the queued digests that mention these tickets and empties the sent ones. */
  async eraseDigestsMentioning(tx: EntityManager, references: string[], removed: string): Promise<void> {
    await sqlExec(tx, `DELETE FROM outbound_messages WHERE status = 'queued' AND ${MENTIONS}`, [references]);
    await sqlExec(tx, `UPDATE outbound_messages SET text = $2, html = NULL, generated_attachments = '[]' WHERE ${MENTIONS}`, [references, removed]);
  }

  /** Deletes the sent bytes of mail on these tickets or to these addresses. */
  async deleteSentMime(tx: EntityManager, ticketIds: string[], addresses: string[]): Promise<void> {
    await sqlExec(
      tx,
      `DELETE FROM outbound_sent_mime m USING outbound_messages o
        WHERE m.outbound_message_id = o.id
          AND (o.ticket_id = ANY($1::uuid[])
               OR EXISTS (SELECT 1 FROM jsonb_array_elements(o.to_addresses || o.cc_addresses) e WHERE lower(e->>'address') = ANY($2::text[])))`,
      [ticketIds, addresses],
    );
  }

  /** Replaces this (lower-case) address among the recipients of every outbox row with `replacement`, its name dropped. */
  async replaceRecipient(tx: EntityManager, address: string, replacement: string): Promise<void> {
    const redact = (column: string) =>
      `(SELECT coalesce(jsonb_agg(CASE WHEN lower(e->>'address') = $1 THEN jsonb_build_object('name', NULL, 'address', $3::text) ELSE e END), '[]'::jsonb) FROM jsonb_array_elements(${column}) e)`;
    await sqlExec(
      tx,
      `UPDATE outbound_messages SET to_addresses = ${redact('to_addresses')}, cc_addresses = ${redact('cc_addresses')}
        WHERE to_addresses @> $2::jsonb OR cc_addresses @> $2::jsonb`,
      [address, JSON.stringify([{ address }]), replacement],
    );
  }

  /** Replaces `text` with `replacement` in the text and HTML of the outbox rows of these tickets. */
  async replaceTextOnTickets(tx: EntityManager, ticketIds: string[], text: string, replacement: string): Promise<void> {
    await sqlExec(tx, `UPDATE outbound_messages SET text = replace(text, $2, $3), html = replace(html, $2, $3) WHERE ticket_id = ANY($1::uuid[])`, [
      ticketIds,
      text,
      replacement,
    ]);
  }

  /** The per-minute acknowledgement counts of this (lower-case) recipient address. */
  async deleteRecipientCounts(tx: EntityManager, address: string): Promise<void> {
    await sqlExec(tx, `DELETE FROM acknowledgement_quotas WHERE scope = 'recipient' AND key = $1`, [address]);
  }

  /** The web form acknowledgement counters of these (keyed) recipient addresses. */
  async deleteWebRecipientQuotas(tx: EntityManager, emailKeys: string[]): Promise<void> {
    await sqlExec(tx, `DELETE FROM acknowledgement_quotas WHERE scope = 'web-recipient' AND key = ANY($1::text[])`, [emailKeys]);
  }
}
