import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { ErasureSummaryDto } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { isUuid } from '../common/ids.js';
import { AppSecrets } from '../config/app-secrets.js';
import { EventsService } from '../events/events.service.js';
import { IntakeService } from '../intake/intake.service.js';
import { greetingRedactions } from '../outbound/acknowledgements/acknowledgement-languages.js';
import { webFormThrottleKey } from '../public-inquiries/web-form-throttle.service.js';
import { SEARCH_TEXT_LIMIT } from '../tickets/ticket.entity.js';

const ERASED_ADDRESS = 'erased@invalid';
const REMOVED = '[removed: personal data erased]';

export type ErasureSummary = ErasureSummaryDto;

interface JournalistRow {
  id: string;
  name: string | null;
  email: string | null;
  aliases: string[];
  phone: string | null;
  anonymised_at: Date | null;
}

/**
 * Personal data of journalists: export on request, erasure on request, and anonymisation after
 * the retention period. Erasure removes their data from every place it was stored (contact record,
 * their messages and attachments, raw mail, addresses on our replies and in the outbox, the event
 * log, the search text) while tickets keep their timestamps, so metrics stay true.
 */
@Injectable()
export class PrivacyService {
  private readonly logger = new Logger('Privacy');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly secrets: AppSecrets,
    private readonly intake: IntakeService,
  ) {}

  async export(journalistId: string, actor: RequestUser): Promise<Record<string, unknown>> {
    const journalist = await this.find(journalistId);
    const tickets = (await this.dataSource.query(
      `SELECT t.id, t.reference, t.subject, t.status, t.created_at, t.deadline_at, t.outcome, o.name AS outlet
         FROM tickets t LEFT JOIN outlets o ON o.id = t.outlet_id WHERE t.journalist_id = $1 ORDER BY t.created_at`,
      [journalist.id],
    )) as { id: string }[];
    const messages = (await this.dataSource.query(
      `SELECT m.ticket_id, m.kind, m.created_at, m.from_name, m.from_address, m."to", m.cc, m.subject, m.text,
              coalesce(json_agg(json_build_object('filename', a.filename, 'size', a.size, 'contentType', a.content_type))
                       FILTER (WHERE a.id IS NOT NULL), '[]') AS attachments
         FROM messages m LEFT JOIN attachments a ON a.message_id = m.id
        WHERE m.kind <> 'note' AND (m.ticket_id = ANY($1::uuid[]) OR lower(m.from_address) = $2)
        GROUP BY m.id ORDER BY m.created_at`,
      [tickets.map((ticket) => ticket.id), journalist.email?.toLowerCase() ?? ''],
    )) as unknown[];
    await this.events.recordOutsideTransaction({ type: 'privacy.exported', entityType: 'journalist', entityId: journalist.id, actorId: actor.id });
    const { id, name, email, phone } = journalist;
    const [record] = (await this.dataSource.query(
      `SELECT j.aliases, j.beat, j.notes, j.preferred_contact AS "preferredContact", owner.name AS "relationshipOwner", j.created_at AS "createdAt",
              o.name AS outlet
         FROM journalists j LEFT JOIN outlets o ON o.id = j.outlet_id LEFT JOIN users owner ON owner.id = j.relationship_owner_id
        WHERE j.id = $1`,
      [id],
    )) as Record<string, unknown>[];
    return { exportedAt: new Date().toISOString(), journalist: { id, name, email, phone, ...record }, tickets, messages };
  }

  async erase(journalistId: string, confirm: string | undefined, actor: RequestUser | null): Promise<ErasureSummary> {
    const journalist = await this.find(journalistId);
    if (actor && journalist.email && confirm?.trim().toLowerCase() !== journalist.email) {
      throw new BadRequestException('confirm must repeat the journalist\'s email address to erase their data');
    }
    return this.dataSource.transaction(async (tx) => {
      const summary = await this.eraseIn(tx, journalist);
      await this.events.record(
        { type: actor ? 'privacy.erased' : 'privacy.anonymised', entityType: 'journalist', entityId: journalist.id, actorId: actor?.id ?? null, after: { ...summary } },
        tx,
      );
      return summary;
    });
  }

  /** Anonymises journalists whose last inquiry is older than `months`; returns how many. */
  async applyRetention(months: number): Promise<number> {
    if (months <= 0) return 0;
    const due = (await this.dataSource.query(
      `SELECT j.id FROM journalists j
        WHERE j.anonymised_at IS NULL
          AND coalesce((SELECT max(t.created_at) FROM tickets t WHERE t.journalist_id = j.id), j.created_at) < now() - make_interval(months => $1)`,
      [months],
    )) as { id: string }[];
    for (const { id } of due) await this.erase(id, undefined, null);
    if (due.length) this.logger.log(`anonymised ${due.length} journalist(s) past the ${months}-month retention period`);
    return due.length;
  }

  /**
   * Managers' digests belong to no ticket but list missed deadlines with the journalist's name and
   * address (text, HTML and CSV). One that names one of their tickets loses its content; one still
   * queued is dropped, so the next refresh renders it again from the erased records.
   */
  private async eraseFromDigests(tx: EntityManager, tickets: string[]): Promise<void> {
    const references = ((await tx.query(`SELECT reference FROM tickets WHERE id = ANY($1::uuid[])`, [tickets])) as { reference: string }[]).map((row) => row.reference);
    if (!references.length) return;
    const mentions = `rfc_message_id LIKE 'nd.digest%' AND EXISTS (
      SELECT 1 FROM unnest($1::text[]) ref
       WHERE text ~ ('\\m' || ref || '\\M')
          OR EXISTS (SELECT 1 FROM jsonb_array_elements(generated_attachments) a WHERE convert_from(decode(a->>'content', 'base64'), 'UTF8') ~ ('\\m' || ref || '\\M')))`;
    await tx.query(`DELETE FROM outbound_messages WHERE status = 'queued' AND ${mentions}`, [references]);
    await tx.query(`UPDATE outbound_messages SET text = $2, html = NULL, generated_attachments = '[]' WHERE ${mentions}`, [references, REMOVED]);
  }

  private async eraseIn(tx: EntityManager, journalist: JournalistRow): Promise<ErasureSummary> {
    // The event log is append-only except for this routine, in this transaction.
    await tx.query(`SET LOCAL newsdesk.redact = 'on'`);
    const email = journalist.email?.toLowerCase() ?? null;
    // Every address they wrote from: the main one and the aliases merged duplicates left behind.
    const addresses = [email, ...journalist.aliases.map((alias) => alias.toLowerCase())].filter((address): address is string => !!address);
    const name = journalist.name && journalist.name.trim().length >= 3 ? journalist.name.trim() : null;
    const tickets = ((await tx.query('SELECT id FROM tickets WHERE journalist_id = $1', [journalist.id])) as { id: string }[]).map((row) => row.id);
    // The names their mail carried (greetings used them), read before their messages are emptied.
    const mailNames = ((await tx.query(`SELECT DISTINCT from_name FROM messages WHERE kind = 'inbound' AND ticket_id = ANY($1::uuid[]) AND from_name IS NOT NULL`, [tickets])) as {
      from_name: string;
    }[]).map((row) => row.from_name);
    const theirs = (await tx.query(
      `SELECT id, raw_message_id FROM messages
        WHERE kind = 'inbound' AND (lower(from_address) = ANY($2::text[]) OR (ticket_id = ANY($1::uuid[]) AND (from_address IS NULL OR lower(from_address) = ANY($2::text[]))))`,
      [tickets, addresses],
    )) as { id: string; raw_message_id: string | null }[];
    const messageIds = theirs.map((row) => row.id);

    const attachments = (await tx.query(`DELETE FROM attachments WHERE message_id = ANY($1::uuid[]) RETURNING storage_key`, [messageIds])) as
      | [{ storage_key: string }[], number]
      | { storage_key: string }[];
    const deleted = Array.isArray(attachments[0]) ? (attachments[0] as { storage_key: string }[]) : (attachments as { storage_key: string }[]);
    await tx.query(
      `DELETE FROM attachment_blobs b WHERE b.key = ANY($1::text[])
         AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.storage_key = b.key)
         AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.sha256 = b.key)`,
      [deleted.map((row) => row.storage_key)],
    );
    await tx.query(
      `UPDATE messages SET from_name = NULL, from_address = NULL, text = $2, html = NULL, new_text = NULL, remote_images = 0
        WHERE id = ANY($1::uuid[])`,
      [messageIds, REMOVED],
    );
    const rawIds = theirs.map((row) => row.raw_message_id).filter((id): id is string => !!id);
    const rawCount = await this.intake.eraseRawMessages(tx, rawIds, addresses);

    // The sent bytes of our mail to them hold their name and address: dropped, so the .eml download is recomposed from the redacted row.
    await tx.query(
      `DELETE FROM outbound_sent_mime m USING outbound_messages o
        WHERE m.outbound_message_id = o.id
          AND (o.ticket_id = ANY($1::uuid[])
               OR EXISTS (SELECT 1 FROM jsonb_array_elements(o.to_addresses || o.cc_addresses) e WHERE lower(e->>'address') = ANY($2::text[])))`,
      [tickets, addresses],
    );
    for (const address of addresses) {
      const probe = JSON.stringify([{ address }]);
      const redact = (column: string) =>
        `(SELECT coalesce(jsonb_agg(CASE WHEN lower(e->>'address') = $1 THEN jsonb_build_object('name', NULL, 'address', '${ERASED_ADDRESS}') ELSE e END), '[]'::jsonb) FROM jsonb_array_elements(${column}) e)`;
      await tx.query(`UPDATE messages SET "to" = ${redact('"to"')}, cc = ${redact('cc')} WHERE "to" @> $2::jsonb OR cc @> $2::jsonb`, [address, probe]);
      await tx.query(
        `UPDATE outbound_messages SET to_addresses = ${redact('to_addresses')}, cc_addresses = ${redact('cc_addresses')}
          WHERE to_addresses @> $2::jsonb OR cc_addresses @> $2::jsonb`,
        [address, probe],
      );
    }
    // The web form's rate-limit rows hold keyed hashes of the addresses: gone too, not left to expire.
    const emailKeys = addresses.map((address) => webFormThrottleKey(this.secrets.webFormKey, 'email', address));
    await tx.query(`DELETE FROM web_form_submissions WHERE email_key = ANY($1::text[])`, [emailKeys]);
    await tx.query(`DELETE FROM acknowledgement_quotas WHERE scope = 'web-recipient' AND key = ANY($1::text[])`, [emailKeys]);
    // Our own replies to them keep their content, without the journalist's name or address in it.
    for (const value of [...addresses, name].filter((item): item is string => !!item)) {
      await tx.query(
        `UPDATE messages SET text = replace(text, $2, '[name removed]'), html = replace(html, $2, '[name removed]'), new_text = replace(new_text, $2, '[name removed]')
          WHERE ticket_id = ANY($1::uuid[]) AND kind <> 'inbound'`,
        [tickets, value],
      );
      await tx.query(
        `UPDATE outbound_messages SET text = replace(text, $2, '[name removed]'), html = replace(html, $2, '[name removed]')
          WHERE ticket_id = ANY($1::uuid[])`,
        [tickets, value],
      );
      const jsonValue = JSON.stringify(value).slice(1, -1);
      await tx.query(
        `UPDATE events SET before = replace(before::text, $1, 'erased')::jsonb, after = replace(after::text, $1, 'erased')::jsonb
          WHERE (before::text LIKE '%' || $1 || '%' OR after::text LIKE '%' || $1 || '%')`,
        [jsonValue],
      );
    }
    // Greetings by first name ("Dear Élodie,", "Bonjour Élodie,") in acknowledgements and statements lose the name too.
    for (const [named, nameless] of [journalist.name, ...mailNames].flatMap((each) => greetingRedactions(each))) {
      await tx.query(
        `UPDATE messages SET text = replace(text, $2, $3), html = replace(html, $2, $3), new_text = replace(new_text, $2, $3)
          WHERE ticket_id = ANY($1::uuid[]) AND kind <> 'inbound'`,
        [tickets, named, nameless],
      );
      await tx.query(`UPDATE outbound_messages SET text = replace(text, $2, $3), html = replace(html, $2, $3) WHERE ticket_id = ANY($1::uuid[])`, [tickets, named, nameless]);
    }
    await this.eraseFromDigests(tx, tickets);
    await tx.query(
      `UPDATE tickets t SET search_text = coalesce((SELECT left(string_agg(coalesce(m.new_text, m.text, ''), E'\\n' ORDER BY m.created_at), ${SEARCH_TEXT_LIMIT})
                                                  FROM messages m WHERE m.ticket_id = t.id), '')
        WHERE t.id = ANY($1::uuid[])`,
      [tickets],
    );
    await tx.query(
      `UPDATE journalists SET name = NULL, email = NULL, aliases = '{}', phone = NULL, beat = NULL, notes = NULL,
              preferred_contact = NULL, relationship_owner_id = NULL, anonymised_at = now(), updated_at = now()
        WHERE id = $1`,
      [journalist.id],
    );
    return { journalistId: journalist.id, tickets: tickets.length, messages: messageIds.length, rawMessages: rawCount, attachments: deleted.length };
  }

  private async find(id: string): Promise<JournalistRow> {
    const [row] = isUuid(id)
      ? ((await this.dataSource.query('SELECT id, name, email, aliases, phone, anonymised_at FROM journalists WHERE id = $1', [id])) as JournalistRow[])
      : [];
    if (!row) throw new NotFoundException('Journalist not found');
    return row;
  }
}
