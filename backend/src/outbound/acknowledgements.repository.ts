import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ADVISORY_LOCK_NAMESPACES } from '../database/advisory-locks.js';
import { sqlExec, sqlRows } from '../database/sql.js';
import { valuesList } from '../database/values-list.js';

/** At most `limit` acknowledgements per `key` within each fixed window of `windowSeconds`. */
export interface AcknowledgementQuota {
  scope: string;
  key: string;
  limit: number;
  windowSeconds: number;
}

export interface QueuedAcknowledgementRow {
  ticketId: string;
  fromAddress: string;
  to: { name: string | null; address: string };
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  rfcMessageId: string;
}

/** A recipient's count (address set) or a language's template (language set). */
interface CountOrTemplateRow {
  address: string | null;
  count: number | null;
  language: string | null;
  body: string | null;
}

/** Acknowledgements in the outbox, their per-recipient counts and the web form's quotas (outbound's tables). */
@Injectable()
export class AcknowledgementsRepository {
  /** One lock per recipient (two-key space, apart from Message-ID locks), taken in key order so two batches never wait on each other in a cycle. */
  async lockRecipients(tx: EntityManager, addresses: string[]): Promise<void> {
    if (!addresses.length) return;
    await sqlRows(
      tx,
      `SELECT pg_advisory_xact_lock($1, k) FROM (SELECT DISTINCT hashtext(a) AS k FROM unnest($2::text[]) AS a ORDER BY 1) AS keys`,
      [ADVISORY_LOCK_NAMESPACES.acknowledgement, addresses.map((address) => address.toLowerCase())],
      { named: true },
    );
  }

  /**
   * Acknowledgements queued to each address within the last hour, and the office's acknowledgement text per
   * language code (its own language, else the one for any language): one read, taken after lockRecipients.
   */
  async recentCountsAndTemplates(tx: EntityManager, addresses: string[], languages: string[]): Promise<{ counts: Map<string, number>; templates: Map<string, string | null> }> {
    const rows = await sqlRows<CountOrTemplateRow>(
      tx,
      // The minute counts insertMany keeps (at most 60 narrow rows an address, read by the primary key).
      `SELECT a.address, (SELECT coalesce(sum(q.count), 0)::int FROM acknowledgement_quotas q
                           WHERE q.scope = 'recipient' AND q.key = lower(a.address) AND q.window_start > now() - interval '1 hour') AS count,
              NULL AS language, NULL AS body
         FROM unnest($1::text[]) AS a(address)
       UNION ALL
       SELECT NULL, NULL, l.language, (SELECT body FROM templates WHERE kind = 'acknowledgement' AND active AND (language = l.language OR language IS NULL)
                                        ORDER BY language IS NULL, updated_at DESC LIMIT 1)
         FROM unnest($2::text[]) AS l(language)`,
      [[...new Set(addresses)], [...new Set(languages)]],
      { named: true },
    );
    const counts = new Map<string, number>();
    const templates = new Map<string, string | null>();
    for (const row of rows) {
      if (row.address !== null) counts.set(row.address, row.count!);
      else templates.set(row.language!, row.body);
    }
    return { counts, templates };
  }

  /**
   * Counts one acknowledgement against every quota, or none when any is used up: each counter is an
   * upsert that only increments below its limit (atomic per row), and a savepoint undoes the others.
   */
  async takeQuotas(tx: EntityManager, quotas: AcknowledgementQuota[]): Promise<boolean> {
    if (!quotas.length) return true;
    await sqlExec(tx, 'SAVEPOINT acknowledgement_quotas');
    for (const quota of quotas) {
      const taken = await sqlExec(
        tx,
        `INSERT INTO acknowledgement_quotas AS q (scope, key, window_start, count)
         VALUES ($1, $2, to_timestamp(floor(extract(epoch FROM now()) / $3) * $3), 1)
         ON CONFLICT (scope, key, window_start) DO UPDATE SET count = q.count + 1 WHERE q.count < $4
         RETURNING count`,
        [quota.scope, quota.key, quota.windowSeconds, quota.limit],
      );
      if (!taken || quota.limit < 1) {
        await sqlExec(tx, 'ROLLBACK TO SAVEPOINT acknowledgement_quotas');
        return false;
      }
    }
    await sqlExec(tx, 'RELEASE SAVEPOINT acknowledgement_quotas');
    // Windows past their use are swept by insertMany, which queues this acknowledgement in the same transaction.
    return true;
  }

  /**
   * One INSERT into the outbox for all, in the same statement as the recipients' counts of this minute (the
   * hourly limit reads them; the caller holds lockRecipients, so no other batch counts these addresses meanwhile)
   * and a sweep of up to 100 counter rows past any window (two days), skipping rows another transaction holds.
   */
  async insertMany(tx: EntityManager, rows: QueuedAcknowledgementRow[]): Promise<void> {
    if (!rows.length) return;
    const { text, params } = valuesList(
      rows.map((row) => ['acknowledgement', row.ticketId, row.fromAddress, JSON.stringify([row.to]), row.subject, row.text, row.html, JSON.stringify(row.headers), row.rfcMessageId]),
      ['text', 'uuid', 'text', 'jsonb', 'text', 'text', 'text', 'jsonb', 'text'],
    );
    const recipients = `$${params.length + 1}::text[]`;
    await sqlExec(
      tx,
      `WITH counted AS (
         INSERT INTO acknowledgement_quotas AS q (scope, key, window_start, count)
         SELECT 'recipient', lower(a), date_trunc('minute', now()), count(*)::int FROM unnest(${recipients}) AS a GROUP BY 1, 2, 3
         ON CONFLICT (scope, key, window_start) DO UPDATE SET count = q.count + EXCLUDED.count),
       swept AS (
         DELETE FROM acknowledgement_quotas WHERE ctid = ANY (ARRAY(
           SELECT ctid FROM acknowledgement_quotas WHERE window_start < now() - interval '2 days' LIMIT 100 FOR UPDATE SKIP LOCKED)))
       INSERT INTO outbound_messages (kind, ticket_id, from_address, to_addresses, subject, text, html, headers, rfc_message_id) VALUES ${text}`,
      [...params, rows.map((row) => row.to.address)],
      { named: true },
    );
  }
}
