import { BadRequestException, Injectable } from '@nestjs/common';
import type { AddressDto, TicketDetailDto, TicketOutcome } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { convert } from 'html-to-text';
import { marked } from 'marked';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { approvalRequirement, lockTicketScope } from '../approvals/approval-rules.js';
import { Attachment } from '../attachments/attachment.entity.js';
import type { RequestUser } from '../common/request-user.js';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { EventsService } from '../events/events.service.js';
import { replySubject } from '../intake/acknowledgement.js';
import { sanitiseMailHtml } from '../intake/html-sanitiser.js';
import { signedMessageId } from '../intake/message-ids.js';
import { Message } from '../messages/message.entity.js';
import { applyStatus } from '../tickets/ticket-status.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { User } from '../users/user.entity.js';
import { checkAddress, safeDisplayName, safeSubject } from './addresses.js';
import type { CreateReplyDto } from './dto/create-reply.dto.js';
import { queueMail } from './queue-mail.js';
import { escapeHtml, mailText } from './mail-text.js';
import { markdownText, renderTemplate } from './template-render.js';
import { Template } from './template.entity.js';
import { threadIndex } from './thread-index.js';
import { Upload } from './upload.entity.js';

const SEARCH_TEXT_LIMIT = 16_384;

/** Runs inside the reply's transaction, so whatever it records commits (or not) with the reply. */
export type ReplyHook = (
  tx: EntityManager,
  reply: { ticket: Ticket; messageId: string; rfcMessageId: string; awaitingApproval: boolean },
) => Promise<void>;
const MAX_REFERENCES = 20;

/**
 * A press officer's reply: stored on the thread with a signed Message-ID generated up front,
 * In-Reply-To/References from the thread, `Re: <subject> [ND-1042]`, Outlook's Thread-Index and
 * the officer's signature, and queued in the outbox in the same transaction.
 */
@Injectable()
export class RepliesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly tickets: TicketsService,
    private readonly events: EventsService,
  ) {}

  /**
   * `options.libraryVersionId`: the text is that library statement's current approved version,
   * sent unchanged (checked here), so the every-statement rule does not hold it again.
   */
  async create(
    idOrReference: string,
    input: CreateReplyDto,
    user: RequestUser,
    options: { within?: ReplyHook; libraryVersionId?: string; greeting?: string } = {},
  ): Promise<TicketDetailDto> {
    const found = await this.tickets.findAccessible(idOrReference);
    const officer = await this.dataSource.getRepository(User).findOneByOrFail({ id: user.id });
    const to = this.recipients(input.to ?? (found.journalist?.email ? [found.journalist.email] : []), 'to', found.journalist);
    if (!to.length) throw new BadRequestException('This ticket has no journalist address: give the recipients in `to`');
    const cc = this.recipients(input.cc ?? [], 'cc', found.journalist);

    let markdown = input.body ?? '';
    if (input.templateId) {
      const template = await this.dataSource.getRepository(Template).findOneBy({ id: input.templateId, kind: 'reply', active: true });
      if (!template) throw new BadRequestException('templateId is not an active reply template');
      if (!input.body) {
        markdown = renderTemplate(template.body, {
          'journalist.name': found.journalist?.name ?? null,
          'ticket.reference': found.reference,
          'ticket.deadline': found.deadlineAt ? found.deadlineAt.toISOString() : null,
          'officer.name': officer.name,
        });
      }
    }
    if (!markdown.trim()) throw new BadRequestException('body must not be empty');
    const format = input.format ?? 'markdown';
    // The library check compares the statement as approved; the greeting is added around it.
    const approvedBody = markdown;
    if (options.greeting) markdown = format === 'markdown' ? `${markdownText(options.greeting)}\n\n${markdown}` : `<p>${escapeHtml(options.greeting)}</p>${markdown}`;
    const rendered = this.render(markdown, format, officer.signature);

    await this.dataSource.transaction(async (tx) => {
      await lockTicketScope(tx, found.id);
      const ticket = await tx.getRepository(Ticket).findOneOrFail({ where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
      // Decided here from the database as it is now; the request's flags can only add a hold.
      const library = options.libraryVersionId && format === 'markdown' && (await this.isApprovedVersion(tx, options.libraryVersionId, approvedBody));
      const approvalReason = input.submitForApproval
        ? 'sent for approval by the officer'
        : await approvalRequirement(
            tx,
            ticket.id,
            library
              ? { kind: 'library' }
              : { kind: 'written', flagged: input.statement === true, plain: rendered.plain, recipients: [...to, ...cc].map((entry) => entry.address) },
          );
      const uploads = input.uploadIds?.length ? await tx.getRepository(Upload).findBy({ id: In(input.uploadIds), userId: user.id }) : [];
      if (uploads.length !== (input.uploadIds?.length ?? 0)) {
        throw new BadRequestException('uploadIds must be files you uploaded with POST /api/uploads');
      }

      const message = tx.getRepository(Message).create({
        id: randomUUID(),
        ticketId: ticket.id,
        kind: 'outbound',
        fromName: this.fromName(officer.name),
        fromAddress: this.config.intakeAddresses[0],
        to,
        cc,
        subject: safeSubject(replySubject(ticket.subject, found.reference)),
        text: rendered.text,
        html: rendered.html,
        newText: rendered.plain,
        messageId: signedMessageId(this.secrets.messageIdKey, this.config.MAIL_DOMAIN).replace(/^<|>$/g, ''),
        authorId: user.id,
        flags: approvalReason ? ['awaiting_approval'] : [],
      });
      await tx.getRepository(Message).insert(message);
      for (const upload of uploads) {
        await tx.getRepository(Attachment).insert({
          messageId: message.id,
          filename: upload.filename,
          contentType: upload.contentType,
          size: upload.size,
          sha256: upload.sha256,
          storageKey: upload.sha256,
          inline: false,
        });
      }
      if (uploads.length) await tx.getRepository(Upload).delete({ id: In(uploads.map((upload) => upload.id)) });

      if (approvalReason) {
        // Nothing leaves before an approver signs it off: no outbox row exists until then.
        const [{ id: approvalId }] = (await tx.query(
          `INSERT INTO approvals (ticket_id, message_id, reason, requested_by_id, send_status, send_outcome, format)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [ticket.id, message.id, approvalReason, user.id, input.status ?? null, input.outcome ?? null, format],
        )) as { id: string }[];
        await tx.query(`INSERT INTO approval_versions (approval_id, version, body, edited_by_id) VALUES ($1, 1, $2, $3)`, [approvalId, markdown, user.id]);
        await tx.query(`UPDATE tickets SET last_activity_at = now(), updated_at = now() WHERE id = $1`, [ticket.id]);
        await this.events.record(
          { type: 'approval.requested', entityType: 'approval', entityId: approvalId, ticketId: ticket.id, actorId: user.id, after: { messageId: message.id, reason: approvalReason } },
          tx,
        );
      } else {
        await this.dispatch(tx, ticket, message.id, { status: input.status, outcome: input.outcome }, user.id);
      }
      await options.within?.(tx, { ticket, messageId: message.id, rfcMessageId: message.messageId!, awaitingApproval: !!approvalReason });
    });
    return this.tickets.get(found.id, user);
  }

  private async isApprovedVersion(tx: EntityManager, versionId: string, body: string): Promise<boolean> {
    const [row] = (await tx.query(
      `SELECT 1 FROM statements s JOIN statement_versions v ON v.id = s.current_version_id
        WHERE v.id = $1 AND s.status = 'approved' AND v.approved_at IS NOT NULL AND v.body = $2 FOR SHARE OF s`,
      [versionId, body],
    )) as unknown[];
    return !!row;
  }

  /** Markdown (or HTML) plus the officer's signature, as sanitised HTML and plain text (the mail's text part, read from the HTML). */
  render(body: string, format: 'markdown' | 'html', signature: string | null): { html: string; text: string; plain: string } {
    const bodyHtml = sanitiseMailHtml(format === 'markdown' ? (marked.parse(body, { async: false, gfm: true, breaks: true }) as string) : body, { cidUrls: new Map() }).html;
    const trimmedSignature = signature?.trim();
    const html = trimmedSignature
      ? sanitiseMailHtml(`${bodyHtml}<p>-- <br>${escapeHtml(trimmedSignature).replace(/\n/g, '<br>')}</p>`, { cidUrls: new Map() }).html
      : bodyHtml;
    const plain = format === 'markdown' ? body : convert(body, { wordwrap: 78 });
    const bodyText = mailText(bodyHtml);
    return { html, plain, text: trimmedSignature ? `${bodyText}\n\n-- \n${trimmedSignature}` : bodyText };
  }

  /** "Maria Lopez, Press Office" (MAIL_FROM_STYLE=person) or the office's name alone. */
  fromName(officerName: string | null): string {
    const person = this.config.MAIL_FROM_STYLE === 'person' ? safeDisplayName(officerName) : null;
    return person ? `${person}, ${this.config.MAIL_FROM_NAME}` : this.config.MAIL_FROM_NAME;
  }

  /**
   * Queues a stored outbound message in the outbox (threading headers from the thread as it is
   * now), records the first response and applies "send and set status". Runs in the caller's transaction.
   */
  async dispatch(
    tx: EntityManager,
    ticket: Ticket,
    messageId: string,
    options: { status?: 'open' | 'pending' | 'resolved' | 'closed' | null; outcome?: TicketOutcome | null },
    actorId: string,
  ): Promise<void> {
    const message = await tx.getRepository(Message).findOneByOrFail({ id: messageId });
    const thread = (await tx.query(
      `SELECT kind, message_id FROM messages
        WHERE ticket_id = $1 AND message_id IS NOT NULL AND kind <> 'note' AND id <> $2 AND NOT ('awaiting_approval' = ANY(flags))
        ORDER BY created_at`,
      [ticket.id, messageId],
    )) as { kind: string; message_id: string }[];
    const lastInbound = [...thread].reverse().find((entry) => entry.kind === 'inbound');
    const chain = [...new Set(thread.map((entry) => entry.message_id))];
    const references = chain.length > MAX_REFERENCES ? [chain[0], ...chain.slice(-(MAX_REFERENCES - 1))] : chain;
    const inReplyTo = lastInbound?.message_id ?? chain.at(-1) ?? null;
    const replyCount = thread.filter((entry) => entry.kind === 'outbound').length + 1;
    const now = new Date();
    await tx.query(`UPDATE messages SET in_reply_to = $2, "references" = $3 WHERE id = $1`, [messageId, inReplyTo, references]);

    await queueMail(
      tx,
      {
        kind: 'reply',
        ticketId: ticket.id,
        messageId,
        from: message.fromAddress ?? this.config.intakeAddresses[0],
        fromName: message.fromName,
        to: message.to,
        cc: message.cc,
        subject: message.subject ?? safeSubject(ticket.subject),
        text: message.text ?? '',
        html: message.html,
        rfcMessageId: message.messageId!,
        headers: {
          ...(inReplyTo ? { 'In-Reply-To': `<${inReplyTo}>` } : {}),
          ...(references.length ? { References: references.map((id) => `<${id}>`).join(' ') } : {}),
          'Thread-Topic': safeSubject(ticket.subject),
          'Thread-Index': threadIndex(ticket.id, ticket.createdAt, now, replyCount),
        },
      },
      this.secrets.messageIdKey,
      this.config.MAIL_DOMAIN,
    );

    const before = { status: ticket.status };
    if (options.outcome) ticket.outcome = options.outcome;
    const target = options.status ?? (ticket.status === 'new' ? 'open' : undefined);
    if (target) applyStatus(ticket, target, now);
    await tx.query(
      `UPDATE tickets SET status = $2, outcome = $3, resolved_at = $4, closed_at = $5, reopen_count = $6,
              first_response_at = coalesce(first_response_at, now()), last_activity_at = now(), updated_at = now(),
              search_text = left(search_text || E'\\n' || $7, ${SEARCH_TEXT_LIMIT})
        WHERE id = $1`,
      [ticket.id, ticket.status, ticket.outcome, ticket.resolvedAt, ticket.closedAt, ticket.reopenCount, (message.newText ?? '').slice(0, SEARCH_TEXT_LIMIT)],
    );
    await this.events.record(
      {
        type: 'reply.queued',
        entityType: 'message',
        entityId: messageId,
        ticketId: ticket.id,
        actorId,
        before: before.status !== ticket.status ? before : null,
        after: {
          to: message.to.map((address) => address.address),
          cc: message.cc.map((address) => address.address),
          status: ticket.status,
          rfcMessageId: message.messageId,
        },
      },
      tx,
    );
  }

  private recipients(addresses: string[], field: 'to' | 'cc', journalist: { email: string | null; name: string | null } | null): AddressDto[] {
    const seen = new Set<string>();
    return addresses.flatMap((raw, index) => {
      const check = checkAddress(raw);
      if (!check.ok) throw new BadRequestException(`${field}[${index}] ${JSON.stringify(raw)} is not allowed: it ${check.reason}`);
      if (seen.has(check.address.toLowerCase())) return [];
      seen.add(check.address.toLowerCase());
      const name = journalist?.email === check.address.toLowerCase() ? safeDisplayName(journalist.name) : null;
      return [{ name, address: check.address }];
    });
  }
}

