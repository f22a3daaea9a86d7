import { fillTemplate } from '@newsdesk/shared';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { safeSubject } from '../outbound/addresses.js';
import { detectLanguage, firstName } from '../outbound/acknowledgements/acknowledgement-languages.js';
import { mailText, markdownHtml, paragraphsHtml } from '../outbound/mail-text.js';
import { signedMessageId } from './message-ids.js';
import { ADVISORY_LOCK_NAMESPACES } from '../database/advisory-locks.js';

export interface AcknowledgementInput {
  ticketId: string;
  reference: string;
  subject: string;
  to: { name: string | null; address: string };
  inReplyTo: string | null;
  references: string[];
  /** The inquiry's text: the acknowledgement is written in its language. */
  text: string;
  /** A deadline was read from the mail or given in the form: we do not ask for one. */
  deadlineGiven: boolean;
  /**
   * Set for the web form: anyone can type any address there, so the acknowledgement carries only our
   * reference and fixed text (no name, subject or body), and these extra quotas apply as well.
   */
  webForm?: { quotas: AcknowledgementQuota[] } | null;
}

/** At most `limit` acknowledgements per `key` within each fixed window of `windowSeconds`. */
export interface AcknowledgementQuota {
  scope: string;
  key: string;
  limit: number;
  windowSeconds: number;
}


/** Our own reply subject: one `Re:` and the reference once. */
export function replySubject(subject: string, reference: string): string {
  const base = subject.replace(/\s*\[ND-\d+\]\s*/gi, ' ').replace(/^\s*(re\s*:\s*)+/i, '').trim() || '(no subject)';
  return `Re: ${base} [${reference}]`;
}

/**
 * Queues the automatic acknowledgement in the caller's transaction and sets the ticket's acknowledged_at,
 * unless this address already got ACK_RATE_LIMIT_PER_HOUR of them in the last hour (returns false then).
 */
export async function queueAcknowledgement(
  tx: EntityManager,
  config: AppConfig,
  messageIdKey: Buffer,
  input: AcknowledgementInput,
): Promise<boolean> {
  // Count and insert under one lock per address (two-key space, apart from Message-ID locks): parallel deliveries would each see room for one more.
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ADVISORY_LOCK_NAMESPACES.acknowledgement, input.to.address.toLowerCase()]);
  // Only the language is read from what the sender wrote: none of it is echoed (the web form's rule).
  const language = detectLanguage(input.text);
  // The recent count and the office's own text (in the inquiry's language, else for any language) in one round trip, after the lock.
  const [{ count, template }] = (await tx.query(
    `SELECT (SELECT count(*)::int FROM outbound_messages
              WHERE kind = 'acknowledgement' AND to_addresses->0->>'address' = $1 AND created_at > now() - interval '1 hour') AS count,
            (SELECT body FROM templates WHERE kind = 'acknowledgement' AND active AND (language = $2 OR language IS NULL)
              ORDER BY language IS NULL, updated_at DESC LIMIT 1) AS template`,
    [input.to.address, language.code],
  )) as { count: number; template: string | null }[];
  if (count >= config.ACK_RATE_LIMIT_PER_HOUR) return false;
  if (input.webForm && !(await takeQuotas(tx, input.webForm.quotas))) return false;
  const fixed = !!input.webForm;
  const to = fixed ? { name: null, address: input.to.address } : input.to;

  const rfcMessageId = signedMessageId(messageIdKey, config.MAIL_DOMAIN).replace(/^<|>$/g, '');
  const references = [...input.references, ...(input.inReplyTo ? [input.inReplyTo] : [])];
  const subject = safeSubject(fixed ? `Your inquiry to the press office [${input.reference}]` : replySubject(input.subject, input.reference));
  let html: string;
  if (template !== null) {
    const markdown = fillTemplate(template, { 'journalist.name': to.name, 'ticket.reference': input.reference, 'ticket.deadline': null, 'officer.name': null }, 'markdown');
    html = markdownHtml(markdown);
  } else {
    const reference = subject.includes(`[${input.reference}]`) ? `[${input.reference}]` : input.reference;
    html = paragraphsHtml([language.greeting(fixed ? null : firstName(to.name)), ...language.acknowledgement({ reference, deadlineGiven: input.deadlineGiven })]);
  }
  const text = mailText(html);
  const headers = {
    'Auto-Submitted': 'auto-replied',
    'X-Auto-Response-Suppress': 'All',
    ...(input.inReplyTo ? { 'In-Reply-To': `<${input.inReplyTo}>` } : {}),
    ...(references.length ? { References: references.map((id) => `<${id}>`).join(' ') } : {}),
  };
  // Queued and the ticket marked acknowledged in one round trip (plain SQL: intake's hot path).
  await tx.query(
    `WITH queued AS (
       INSERT INTO outbound_messages (kind, ticket_id, from_address, to_addresses, subject, text, html, headers, rfc_message_id)
       VALUES ('acknowledgement', $1, $2, $3::jsonb, $4, $5, $6, $7::jsonb, $8) RETURNING ticket_id)
     UPDATE tickets SET acknowledged_at = now() WHERE id = (SELECT ticket_id FROM queued)`,
    [input.ticketId, config.intakeAddresses[0], JSON.stringify([to]), subject, text, html, JSON.stringify(headers), rfcMessageId],
  );
  return true;
}

/**
 * Counts one acknowledgement against every quota, or none when any is used up: each counter is an
 * upsert that only increments below its limit (atomic per row), and a savepoint undoes the others.
 */
async function takeQuotas(tx: EntityManager, quotas: AcknowledgementQuota[]): Promise<boolean> {
  if (!quotas.length) return true;
  await tx.query('SAVEPOINT acknowledgement_quotas');
  for (const quota of quotas) {
    const rows = (await tx.query(
      `INSERT INTO acknowledgement_quotas AS q (scope, key, window_start, count)
       VALUES ($1, $2, to_timestamp(floor(extract(epoch FROM now()) / $3) * $3), 1)
       ON CONFLICT (scope, key, window_start) DO UPDATE SET count = q.count + 1 WHERE q.count < $4
       RETURNING count`,
      [quota.scope, quota.key, quota.windowSeconds, quota.limit],
    )) as unknown[];
    if (!rows.length || quota.limit < 1) {
      await tx.query('ROLLBACK TO SAVEPOINT acknowledgement_quotas');
      return false;
    }
  }
  await tx.query('RELEASE SAVEPOINT acknowledgement_quotas');
  // Windows older than a day are never read again: drop them while here (index on window_start).
  await tx.query(`DELETE FROM acknowledgement_quotas WHERE window_start < now() - interval '2 days'`);
  return true;
}
