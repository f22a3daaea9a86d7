import { Injectable, Logger, NotFoundException, type OnApplicationShutdown } from '@nestjs/common';
import type { AddressDto, IntakeDoor, IntakeOutcome } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AttachmentStorage } from '../attachments/attachment-storage.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { EventsService, type EventInput } from '../events/events.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { Message } from '../messages/message.entity.js';
import { applyStatus } from '../tickets/ticket-status.js';
import { SEARCH_TEXT_LIMIT, Ticket } from '../tickets/ticket.entity.js';
import { queueAcknowledgement } from './acknowledgement.js';
import { bouncedRecipients, findBouncedReply } from './bounce-recipients.js';
import { classifyMail, type MailKind } from './classify.js';
import { safeFilename } from './filenames.js';
import { isForwardSubject, originalSender, stripForwardPrefix } from './forwarded.js';
import { hashMessageId, isOurSignedMessageId, normaliseMessageId, parseMessageIdList } from './message-ids.js';
import { ParsePool } from './mime/parse-pool.js';
import { ATTACHMENT_PLACEHOLDER, type ParsedMail } from './mime/parsed-mail.js';
import { OWN_ADDRESS_REASON, senderStanding } from './own-addresses.js';
import { withEnvelopeSender } from './mime/sender.js';
import { RawStore, type RawInput } from './raw-store.js';
import type { SenderVerdict } from './sender-auth.js';
import { SenderAuthService } from './sender-auth.service.js';
import { findThread, isParticipant } from './threading.js';
import { webFormFields, WEB_FORM_HEADER } from './web-form-fields.js';
import { suggestPossibleDuplicate, webFormAcknowledgementQuotas } from './web-form-intake.js';
import { ADVISORY_LOCK_NAMESPACES } from '../database/advisory-locks.js';

const MAX_SUBJECT = 500;

export interface IntakeResult {
  rawId: string;
  outcome: IntakeOutcome;
  ticketId: string | null;
  reference: string | null;
  messageId: string | null;
  reason: string | null;
  error: string | null;
}

/** PostgreSQL text cannot hold NUL; mail sometimes does. */
// oxlint-disable-next-line no-control-regex -- removing NUL is the point
const clean = (value: string | null | undefined): string | null => (value == null ? null : value.replace(/\u0000/g, ''));

class Quarantine extends Error {}

/** Decoded body used for storage and for telling duplicates from reused Message-IDs. */
interface MailContent {
  text: string | null;
  html: string | null;
  hash: string;
  /** Written on the message it becomes, in its INSERT. */
  verdict: SenderVerdict;
}

/** How a processing run left a raw message; handed to the caller's recorder inside the transaction that wrote it. */
export interface SettledIntake {
  outcome: IntakeOutcome;
  ticketId: string | null;
  error: string | null;
}

export interface ProcessOptions {
  reprocess?: boolean;
  wait?: boolean;
  /** Writes the caller's event (a reprocess) in the same transaction as the outcome it records. */
  onSettled?: (tx: EntityManager, settled: SettledIntake) => Promise<void>;
}

interface Outcome {
  outcome: IntakeOutcome;
  ticketId: string | null;
  reason: string;
}

/**
 * The one intake pipeline behind every door (SMTP, IMAP, webhook, import, web form):
 * raw bytes are committed first (`accept`), then `process` parses off the event loop,
 * classifies, deduplicates, threads, creates or appends, and queues the acknowledgement,
 * all in one transaction. Any failure after the raw commit leaves the raw message quarantined
 * with its error, ready to reprocess.
 */
@Injectable()
export class IntakeService implements OnApplicationShutdown {
  private readonly logger = new Logger('Intake');
  private readonly rawStore: RawStore;
  private readonly pool: ParsePool;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly contacts: ContactsService,
    private readonly events: EventsService,
    private readonly storage: AttachmentStorage,
    private readonly notifications: NotificationsService,
    private readonly senderAuth: SenderAuthService,
  ) {
    this.rawStore = new RawStore(dataSource, config.INTAKE_COMMIT_TIMEOUT_MS);
    this.pool = new ParsePool(2, {
      maxParts: config.INTAKE_MAX_PARTS,
      maxNesting: config.INTAKE_MAX_NESTING,
      maxHeaderBytes: 256 * 1024,
      timeoutMs: config.INTAKE_PARSE_TIMEOUT_MS,
    });
  }

  // After every worker and door has stopped (they stop in onModuleDestroy, which runs first).
  async onApplicationShutdown() {
    await this.pool.close();
  }

  /** Step 1 for every door: the exact bytes are committed; resolves with the raw message id after commit. */
  accept(input: RawInput): Promise<string> {
    return this.rawStore.store(input);
  }

  /**
   * Step 1 for a bulk door (import): many messages committed in one INSERT; ids in input order.
   * An exact copy of a message still pending from this door (an interrupted import) gets that row's id again.
   */
  acceptMany(inputs: RawInput[]): Promise<string[]> {
    return this.rawStore.storeMany(inputs, { reusePending: true });
  }

  /** accept + process now: for doors that report the outcome (import, web form). */
  async receive(input: RawInput): Promise<IntakeResult> {
    // Wait for the row rather than skip it: another replica's worker may already be processing it.
    return this.process(await this.accept(input), { wait: true });
  }

  /** Processes one pending (or, with `reprocess`, quarantined) raw message; safe to call concurrently. */
  async process(rawId: string, options: ProcessOptions = {}): Promise<IntakeResult> {
    await this.run(rawId, options);
    return this.result(rawId);
  }

  /** The background worker's step: processes a pending raw message; false when another process holds it or it is no longer pending. */
  processPending(rawId: string): Promise<boolean> {
    return this.run(rawId, {});
  }

  private async run(rawId: string, options: ProcessOptions): Promise<boolean> {
    let claimed = false;
    // Kept for a quarantine too, so the intake log shows who the mail claimed to be and the verdict.
    const seen: { messageId?: string; from?: string | null; subject?: string | null; verdict?: SenderVerdict } = {};
    try {
      await this.dataSource.transaction(async (tx) => {
        const [row] = (await tx.query(
          `SELECT id, door, size, received_at, outcome, envelope_from, client_ip, helo, smtp_authenticated, source FROM raw_messages
            WHERE id = $1 AND outcome = ANY($2::text[]) FOR UPDATE ${options.wait ? '' : 'SKIP LOCKED'}`,
          [rawId, options.reprocess ? ['pending', 'quarantined'] : ['pending']],
        )) as { id: string; door: IntakeDoor; size: number; received_at: Date; envelope_from: string | null; client_ip: string | null; helo: string | null; smtp_authenticated: boolean; source: string | null }[];
        if (!row) return;
        claimed = true;
        // Bytes this process just accepted are handed over in memory: decoding a large bytea costs the event loop.
        const bytes =
          (await this.rawStore.take(rawId)) ??
          ((await tx.query('SELECT bytes FROM raw_messages WHERE id = $1', [rawId])) as { bytes: Buffer }[])[0].bytes;
        const raw = { ...row, bytes };
        if (raw.bytes.length > this.config.INTAKE_MAX_MESSAGE_BYTES) {
          throw new Quarantine(`message is ${raw.bytes.length} bytes; the limit is ${this.config.INTAKE_MAX_MESSAGE_BYTES}`);
        }
        const evidence = {
          door: raw.door,
          bytes: raw.bytes,
          envelopeFrom: raw.envelope_from,
          clientIp: raw.client_ip,
          helo: raw.helo,
          smtpAuthenticated: raw.smtp_authenticated,
        };
        // SMTP mail is checked from its bytes alone: on the sender-auth workers while the parse workers parse.
        const early = this.senderAuth.fromBytes(evidence);
        early?.catch(() => undefined);
        const parsed = withEnvelopeSender(
          await this.pool.parse(raw.bytes, { receivedAt: raw.received_at.getTime(), timeZone: this.config.OFFICE_TIMEZONE }).catch((error: Error) => {
            throw new Quarantine(error.message);
          }),
          row.envelope_from,
        );
        const messageId = normaliseMessageId(parsed.messageId) ?? hashMessageId(raw.bytes);
        const from = parsed.from?.address.toLowerCase() ?? null;
        Object.assign(seen, { messageId, from, subject: clean(parsed.subject)?.slice(0, 1000) ?? null });
        const verdict = await (early ?? this.senderAuth.verdict({ ...evidence, headers: parsed.headers, from }));
        seen.verdict = verdict;
        // One message at a time per Message-ID, whichever doors it arrives through.
        await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ADVISORY_LOCK_NAMESPACES.messageId, messageId]);
        const content = this.content(parsed, verdict);
        const result = await this.apply(tx, raw, parsed, messageId, content, verdict);
        // The verdict goes on the raw message (intake log) here and on the message it became in its INSERT.
        await tx.query(
          `UPDATE raw_messages SET outcome = $2, reason = $3, ticket_id = $4, message_id = $5, from_address = $6,
                  subject = $7, content_hash = $8, processed_at = now(), error = NULL, attempts = attempts + 1,
                  sender_auth_status = $9, sender_auth_reason = $10, sender_dmarc_policy = $11
            WHERE id = $1`,
          [
            raw.id,
            result.outcome,
            result.reason,
            result.ticketId,
            messageId,
            parsed.from?.address.toLowerCase() ?? null,
            clean(parsed.subject)?.slice(0, 1000) ?? null,
            content.hash,
            verdict.status,
            verdict.reason.slice(0, 2000),
            verdict.dmarcPolicy,
          ],
        );
        await options.onSettled?.(tx, { outcome: result.outcome, ticketId: result.ticketId, error: null });
      });
    } catch (error) {
      // Quarantined below: the row has been dealt with, whether or not the claim got that far.
      claimed = true;
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof Quarantine)) this.logger.error(`intake of ${rawId} failed: ${message}`);
      await this.dataSource.transaction(async (tx) => {
        const [[settled]] = (await tx.query(
          `UPDATE raw_messages SET outcome = 'quarantined', error = $2, processed_at = now(), attempts = attempts + 1,
                  message_id = coalesce($3, message_id), from_address = coalesce($4, from_address), subject = coalesce($5, subject),
                  sender_auth_status = $6, sender_auth_reason = $7, sender_dmarc_policy = $8
            WHERE id = $1 RETURNING ticket_id AS "ticketId", error`,
          [
            rawId,
            message.slice(0, 2000),
            seen.messageId ?? null,
            seen.from ?? null,
            seen.subject ?? null,
            seen.verdict?.status ?? null,
            seen.verdict?.reason.slice(0, 2000) ?? null,
            seen.verdict?.dmarcPolicy ?? null,
          ],
        )) as [{ ticketId: string | null; error: string }[], number];
        if (settled) await options.onSettled?.(tx, { outcome: 'quarantined', ticketId: settled.ticketId, error: settled.error });
      });
    }
    return claimed;
  }

  async result(rawId: string): Promise<IntakeResult> {
    const [row] = (await this.dataSource.query(
      `SELECT r.id, r.outcome, r.ticket_id, t.reference, r.message_id, r.reason, r.error
         FROM raw_messages r LEFT JOIN tickets t ON t.id = r.ticket_id WHERE r.id = $1`,
      [rawId],
    )) as { id: string; outcome: IntakeOutcome; ticket_id: string | null; reference: string | null; message_id: string | null; reason: string | null; error: string | null }[];
    if (!row) throw new NotFoundException('Raw message not found');
    return { rawId: row.id, outcome: row.outcome, ticketId: row.ticket_id, reference: row.reference, messageId: row.message_id, reason: row.reason, error: row.error };
  }

  private async apply(
    tx: EntityManager,
    raw: { id: string; door: IntakeDoor; bytes: Buffer; received_at: Date; source: string | null },
    parsed: ParsedMail,
    messageId: string,
    content: MailContent,
    verdict: SenderVerdict,
  ): Promise<Outcome> {
    // The web form composes its own headers from what anyone typed: never a bounce, an auto-reply or a thread.
    const webForm = raw.door === 'web';
    const headerMap = new Map<string, string>();
    for (const [name, value] of parsed.headers) if (!headerMap.has(name)) headerMap.set(name, value);
    const sender = parsed.from?.address.toLowerCase() ?? null;
    const returnPath = headerMap.has('return-path') ? headerMap.get('return-path')!.replace(/[<>\s]/g, '') : undefined;
    const { kind, reason } = webForm ? { kind: 'normal' as MailKind, reason: 'web form' } : classifyMail({
      headers: { get: (name) => headerMap.get(name.toLowerCase()) },
      from: sender,
      returnPath,
      contentType: parsed.contentType,
      subject: parsed.subject,
      ourDomain: this.config.MAIL_DOMAIN,
      isOwnMessageId: (id) => isOurSignedMessageId(this.secrets.messageIdKey, this.config.MAIL_DOMAIN, id),
      messageId,
    });

    // Byte-identical raw mail is a duplicate even when a newer parser derives other text from it (re-import after an upgrade).
    const previous = (await tx.query(
      `SELECT m.ticket_id, m.content_hash, r.sha256 = (SELECT sha256 FROM raw_messages WHERE id = $2) AS same_bytes
         FROM messages m LEFT JOIN raw_messages r ON r.id = m.raw_message_id WHERE m.message_id = $1
       UNION ALL
       SELECT ticket_id, content_hash, sha256 = (SELECT sha256 FROM raw_messages WHERE id = $2) AS same_bytes
         FROM raw_messages WHERE message_id = $1 AND id <> $2 AND outcome IN ('bounce', 'auto_reply') AND ticket_id IS NULL`,
      [messageId, raw.id],
    )) as { ticket_id: string | null; content_hash: string | null; same_bytes: boolean | null }[];
    const duplicate = previous.find((row) => row.content_hash === content.hash || row.same_bytes === true);
    if (duplicate) return { outcome: 'duplicate', ticketId: duplicate.ticket_id, reason: 'same Message-ID and content already received' };
    const conflict = previous.length > 0;

    if (kind === 'own') return { outcome: 'auto_reply', ticketId: null, reason: `loop: ${reason}` };
    const standing = await senderStanding(tx, sender, this.config.ownAddresses);
    // Our own mail coming back was recognised above; anything else "from us" is forged.
    if (standing.own) throw new Quarantine(OWN_ADDRESS_REASON);
    const enforced = verdict.dmarcPolicy === 'reject' || verdict.dmarcPolicy === 'quarantine';
    if (verdict.status === 'failed' && enforced && this.config.INTAKE_DMARC_ENFORCEMENT === 'quarantine') {
      throw new Quarantine(`sender failed DMARC and its domain asks receivers to ${verdict.dmarcPolicy === 'reject' ? 'reject' : 'quarantine'} such mail: ${verdict.reason}`);
    }
    // A staff address that does not verify is a stranger: no participant rights, no forwarding as staff.
    const trustedSender = standing.staff && verdict.status !== 'verified' ? null : sender;
    if (kind === 'bounce') return this.bounce(tx, raw, parsed, messageId, content, reason, conflict);

    const referencedIds = parseMessageIdList([...(parsed.inReplyTo ? [parsed.inReplyTo] : []), ...parsed.references]);
    const found = webForm ? null : await findThread(tx, {
      referencedIds,
      subject: parsed.subject,
      sender: trustedSender,
      messageIdKey: this.secrets.messageIdKey,
      mailDomain: this.config.MAIL_DOMAIN,
    });
    // A reused Message-ID with a different body is kept (flagged) beside the message it collides
    // with, but only for a sender of that ticket: a Message-ID is no key to someone else's thread.
    let thread = found;
    if (!thread && conflict && trustedSender && !webForm) {
      for (const row of previous) {
        if (row.ticket_id && (await isParticipant(tx, row.ticket_id, trustedSender))) {
          thread = { ticketId: row.ticket_id, via: 'known_reference' };
          break;
        }
      }
    }
    const flags = conflict ? ['message_id_conflict'] : [];
    // Someone we know by this address, but the mail does not prove it: shown as a warning, never silently.
    if (standing.knownJournalist && verdict.status !== 'verified') flags.push('sender_not_verified');

    if (kind === 'auto_reply') {
      if (!thread) return { outcome: 'auto_reply', ticketId: null, reason };
      await this.appendMessage(tx, thread.ticketId, raw.id, parsed, messageId, content, [...flags, 'auto_reply'], { reopen: false });
      return { outcome: 'auto_reply', ticketId: thread.ticketId, reason: `${reason}; attached via ${thread.via}` };
    }

    if (thread) {
      await this.appendMessage(tx, thread.ticketId, raw.id, parsed, messageId, content, flags, { reopen: true });
      return { outcome: 'appended', ticketId: thread.ticketId, reason: `threaded via ${thread.via}${conflict ? '; Message-ID reused with a different body' : ''}` };
    }
    const forwardFromStaff = standing.staff && verdict.status === 'verified';
    const ticketId = await this.createTicket(tx, raw, parsed, messageId, content, flags, kind, referencedIds, forwardFromStaff);
    return { outcome: 'created', ticketId, reason: kind === 'list' ? `list mail (${reason}); not acknowledged` : reason };
  }

  /** The decoded body, already prepared on the parse worker. */
  private content(parsed: ParsedMail, verdict: SenderVerdict): MailContent {
    return { text: parsed.text, html: parsed.html, hash: parsed.contentHash, verdict };
  }

  private async bounce(
    tx: EntityManager,
    raw: { id: string; bytes: Buffer },
    parsed: ParsedMail,
    messageId: string,
    content: MailContent,
    reason: string,
    conflict: boolean,
  ): Promise<Outcome> {
    // A bounce quotes the mail that bounced: look for our signed Message-IDs anywhere in it.
    const domain = this.config.MAIL_DOMAIN.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const candidates = new Set(
      [...raw.bytes.toString('latin1').toLowerCase().matchAll(new RegExp(`[a-z0-9._+=-]+@${domain}`, 'g'))].map((m) => m[0]),
    );
    const ours = [...candidates].filter((id) => isOurSignedMessageId(this.secrets.messageIdKey, this.config.MAIL_DOMAIN, id));
    if (!ours.length) return { outcome: 'bounce', ticketId: null, reason };
    const recipients = bouncedRecipients(raw.bytes);
    const bounced = await findBouncedReply(tx, ours, recipients);
    if (!bounced) {
      const named = recipients.length ? `names ${recipients.slice(0, 5).join(', ')}` : 'names no failed recipient';
      return { outcome: 'bounce', ticketId: null, reason: `${reason}; unmatched bounce: it ${named}, not a recipient of the mail it quotes` };
    }
    const outbound = { id: bounced.id, ticket_id: bounced.ticketId };
    const flags = ['delivery_failure', ...(conflict ? ['message_id_conflict'] : [])];
    await this.appendMessage(tx, outbound.ticket_id, raw.id, parsed, messageId, content, flags, { reopen: false });
    await tx.query(
      `UPDATE outbound_messages SET status = 'failed', last_error = $2 WHERE id = $1`,
      [outbound.id, `bounced: ${(content.text ?? '').slice(0, 500)}`],
    );
    await this.events.record(
      { type: 'delivery.failed', entityType: 'outbound_message', entityId: outbound.id, ticketId: outbound.ticket_id, after: { rawMessageId: raw.id } },
      tx,
    );
    return { outcome: 'bounce', ticketId: outbound.ticket_id, reason: `${reason}; attached to the mail that bounced` };
  }

  /** Stores attachments, sanitises HTML (rewriting cid: images to our URLs) and inserts the message. */
  private async insertMessage(
    tx: EntityManager,
    ticketId: string,
    rawId: string,
    parsed: ParsedMail,
    messageId: string,
    content: MailContent,
    flags: string[],
    from: AddressDto | null,
  ): Promise<Message> {
    const messageRowId = randomUUID();
    const stored = parsed.attachments.map((attachment, index) => ({
      id: randomUUID(),
      attachment,
      filename: safeFilename(clean(attachment.filename), `attachment-${index + 1}`),
      sha256: attachment.sha256,
    }));
    // The worker sanitised the HTML with placeholders for inline images; now they get their ids.
    const html = parsed.sanitisedHtml?.replace(new RegExp(`${ATTACHMENT_PLACEHOLDER}(\\d+)__`, 'g'), (placeholder, index: string) => stored[Number(index)]?.id ?? placeholder) ?? null;
    const message = tx.getRepository(Message).create({
      id: messageRowId,
      ticketId,
      kind: 'inbound',
      fromName: clean(from?.name ?? null)?.slice(0, 500) ?? null,
      fromAddress: from?.address.toLowerCase() ?? null,
      to: parsed.to.map(cleanAddress),
      cc: parsed.cc.map(cleanAddress),
      subject: clean(parsed.subject)?.slice(0, 2000) ?? null,
      text: content.text,
      html,
      remoteImages: parsed.remoteImages,
      newText: parsed.newText,
      senderSource: parsed.senderSource,
      otherFrom: parsed.otherFrom.map((value) => clean(value) ?? ''),
      messageId,
      inReplyTo: normaliseMessageId(parsed.inReplyTo),
      references: parseMessageIdList(parsed.references),
      rawMessageId: rawId,
      contentHash: content.hash,
      senderAuthStatus: content.verdict.status,
      senderAuthReason: content.verdict.reason.slice(0, 2000),
      senderDmarcPolicy: content.verdict.dmarcPolicy,
      flags,
    });
    await tx.getRepository(Message).insert(message);
    for (const item of stored) {
      await this.storage.put(item.sha256, item.attachment.content);
      await tx.getRepository(Attachment).insert({
        id: item.id,
        messageId: messageRowId,
        filename: item.filename,
        contentType: item.attachment.contentType.slice(0, 200),
        size: item.attachment.content.length,
        sha256: item.sha256,
        storageKey: item.sha256,
        inline: item.attachment.related || item.attachment.contentDisposition === 'inline',
        contentId: item.attachment.contentId?.replace(/^<|>$/g, '').slice(0, 500) ?? null,
      });
    }
    return message;
  }

  private async appendMessage(
    tx: EntityManager,
    ticketId: string,
    rawId: string,
    parsed: ParsedMail,
    messageId: string,
    content: MailContent,
    flags: string[],
    options: { reopen: boolean },
  ): Promise<void> {
    const message = await this.insertMessage(tx, ticketId, rawId, parsed, messageId, content, flags, parsed.from);
    const ticket = await tx.getRepository(Ticket).findOneOrFail({ where: { id: ticketId }, lock: { mode: 'pessimistic_write' } });
    const before = { status: ticket.status };
    // A journalist writing again puts the ticket back in front of the office.
    if (options.reopen && ['pending', 'resolved', 'closed'].includes(ticket.status)) applyStatus(ticket, 'open', new Date());
    // A follow-up's deadline ("by 4pm instead?") replaces an earlier detected one; a confirmed one stays, the new one is offered.
    const detected = options.reopen && parsed.deadline ? new Date(parsed.deadline) : null;
    if (detected && detected.getTime() !== ticket.suggestedDeadlineAt?.getTime() && detected.getTime() !== ticket.deadlineAt?.getTime()) {
      await tx.query('UPDATE tickets SET suggested_deadline_at = $2 WHERE id = $1', [ticketId, detected]);
      await this.events.record(
        {
          type: 'deadline.detected',
          entityType: 'ticket',
          entityId: ticketId,
          ticketId,
          before: { suggestedDeadlineAt: ticket.suggestedDeadlineAt?.toISOString() ?? null },
          after: { suggestedDeadlineAt: detected.toISOString(), messageId: message.id },
        },
        tx,
      );
    }
    await tx.query(
      `UPDATE tickets SET status = $2, resolved_at = $3, closed_at = $4, reopen_count = $5, last_activity_at = now(), updated_at = now(),
              search_text = left(search_text || E'\\n' || $6, ${SEARCH_TEXT_LIMIT})
        WHERE id = $1`,
      [ticketId, ticket.status, ticket.resolvedAt, ticket.closedAt, ticket.reopenCount, (message.newText ?? message.text ?? '').slice(0, SEARCH_TEXT_LIMIT)],
    );
    await this.events.record(
      {
        type: 'message.received',
        entityType: 'message',
        entityId: message.id,
        ticketId,
        before: before.status !== ticket.status ? before : null,
        after: { messageId: message.id, from: message.fromAddress, flags, ...(before.status !== ticket.status ? { status: ticket.status } : {}) },
      },
      tx,
    );
    if (options.reopen) await this.notifications.journalistReplied(tx, ticketId, message.fromAddress);
  }

  private async createTicket(
    tx: EntityManager,
    raw: { id: string; door: IntakeDoor; received_at: Date; source: string | null },
    parsed: ParsedMail,
    messageId: string,
    content: MailContent,
    flags: string[],
    kind: MailKind,
    referencedIds: string[],
    fromStaff: boolean,
  ): Promise<string> {
    let journalistAddress = parsed.from;
    let subject = clean(parsed.subject)?.replace(/\s+/g, ' ').trim() || '(no subject)';
    let forwarded = false;
    if (fromStaff) {
      const original = originalSender(content.text, parsed.attachments);
      if (original) {
        journalistAddress = original;
        forwarded = true;
        if (isForwardSubject(subject)) subject = stripForwardPrefix(subject) || subject;
      }
    }
    const form = raw.door === 'web' ? webFormFields(parsed.headers.find(([name]) => name === WEB_FORM_HEADER)?.[1]) : null;
    const journalist = journalistAddress
      ? await this.contacts.findOrCreateJournalist({ email: journalistAddress.address, name: journalistAddress.name, phone: form?.phone }, tx)
      : null;
    const outletId = journalist?.outletId ?? (form?.outlet ? await this.outletByName(tx, form.outlet) : null);
    const newText = parsed.newText ?? '';
    // Read on the parse worker (newText, from the mail's Date: else its arrival, in OFFICE_TIMEZONE); a form's own deadline wins.
    const suggested = form?.deadlineAt || !parsed.deadline ? null : new Date(parsed.deadline);

    // Plain SQL on the hot path: the reference (sequence default + generated column) comes back in the same round trip.
    const channel = raw.door === 'web' ? 'web' : 'email';
    const deadlineAt = form?.deadlineAt ? new Date(form.deadlineAt) : null;
    const journalistId = journalist?.id ?? null;
    const [{ id: ticketId, reference }] = (await tx.query(
      `INSERT INTO tickets (subject, channel, request_type, deadline_at, suggested_deadline_at, journalist_id, outlet_id, search_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, reference`,
      [subject.slice(0, MAX_SUBJECT), channel, form?.requestType ?? 'other', deadlineAt, suggested, journalistId, outletId, newText.slice(0, SEARCH_TEXT_LIMIT)],
    )) as { id: string; reference: string }[];
    const ticket = { id: ticketId, channel, journalistId, deadlineAt };
    const allFlags = forwarded ? [...flags, 'forwarded'] : flags;
    await this.insertMessage(tx, ticket.id, raw.id, parsed, messageId, content, allFlags, parsed.from);
    // Both events go in one statement at the end, in this order.
    const events: EventInput[] = [
      {
        type: 'ticket.created',
        entityType: 'ticket',
        entityId: ticket.id,
        ticketId: ticket.id,
        after: { channel: ticket.channel, door: raw.door, journalistId: ticket.journalistId, suggestedDeadlineAt: suggested?.toISOString() ?? null },
      },
    ];
    const ackAddress = journalist?.email ?? null;
    const acknowledge = kind === 'normal' && !forwarded && !!ackAddress && !this.isOurAddress(ackAddress);
    if (acknowledge && journalistAddress) {
      const queued = await queueAcknowledgement(tx, this.config, this.secrets.messageIdKey, {
        ticketId: ticket.id,
        reference,
        subject,
        // The name in the contact record greets a journalist whose mail carries none.
        to: { name: journalistAddress.name || journalist?.name || null, address: ackAddress },
        inReplyTo: messageId,
        references: referencedIds,
        text: `${subject}\n${newText}`,
        deadlineGiven: !!(ticket.deadlineAt ?? suggested),
        webForm: raw.door === 'web' ? { quotas: webFormAcknowledgementQuotas(this.config, this.secrets.webFormKey, ackAddress, raw.source) } : null,
      });
      if (queued) events.push({ type: 'acknowledgement.queued', entityType: 'ticket', entityId: ticket.id, ticketId: ticket.id, after: { to: ackAddress } });
    }
    await this.events.recordMany(events, tx);
    if (raw.door === 'web') await suggestPossibleDuplicate(tx, ticket, parsed.from?.address.toLowerCase() ?? null, `${subject}\n${newText}`);
    return ticket.id;
  }

  private isOurAddress(address: string): boolean {
    const lower = address.toLowerCase();
    return this.config.intakeAddresses.includes(lower) || lower.endsWith(`@${this.config.MAIL_DOMAIN.toLowerCase()}`);
  }

  private async outletByName(tx: EntityManager, name: string): Promise<string | null> {
    const [row] = (await tx.query('SELECT id FROM outlets WHERE lower(name) = lower($1) LIMIT 1', [name])) as { id: string }[];
    return row?.id ?? null;
  }
}

function cleanAddress(address: AddressDto): AddressDto {
  return { name: clean(address.name)?.slice(0, 500) ?? null, address: address.address.toLowerCase().slice(0, 320) };
}
