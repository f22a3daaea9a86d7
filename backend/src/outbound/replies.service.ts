import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { fillTemplate, markdownText, type AddressDto, type TicketDetailDto, type TicketOutcome } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { compile } from 'html-to-text';
import { marked } from 'marked';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { approvalRequirement, holdForApproval, type LockedScope } from '../approvals/approval-rules.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import type { RequestUser } from '../common/request-user.js';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { EventsService } from '../events/events.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { replySubject } from './reply-subject.js';
import { sanitiseMailHtml } from '../intake/html-sanitiser.js';
import { signedMessageId } from '../intake/message-ids.js';
import type { Message } from '../messages/message.entity.js';
import { MessagesService } from '../messages/messages.service.js';
import { applyStatus } from '../tickets/ticket-status.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { UsersService } from '../users/users.service.js';
import { checkAddress, safeDisplayName, safeSubject } from './addresses.js';
import type { CreateOutboundTicketDto } from './dto/create-outbound-ticket.dto.js';
import type { CreateReplyDto } from './dto/create-reply.dto.js';
import { queueMail } from './queue-mail.js';
import { escapeHtml, mailText } from './mail-text.js';
import { threadIndex } from './thread-index.js';
import { OutboxRepository } from './outbox.repository.js';
import { TemplatesRepository } from './templates.repository.js';
import { UploadsRepository } from './uploads.repository.js';
import { isApprovedLibraryText } from '../statements/statement-library.js';
import { conflict } from '../common/http-errors.js';


/** Runs inside the reply's transaction, so whatever it records commits (or not) with the reply. */
export type ReplyHook = (
  tx: EntityManager,
  reply: { ticket: Ticket; messageId: string; rfcMessageId: string; awaitingApproval: boolean },
) => Promise<void>;
const MAX_REFERENCES = 20;
/** The plain text of an HTML reply, compiled once (convert() recompiles its options on every call). */
const htmlPlain = compile({ wordwrap: 78 });
const MAX_SCHEDULE_MS = 366 * 24 * 3_600_000;

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
    private readonly messages: MessagesService,
    private readonly attachments: AttachmentsService,
    private readonly events: EventsService,
    private readonly contacts: ContactsService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
    private readonly outbox: OutboxRepository,
    private readonly templates: TemplatesRepository,
    private readonly uploads: UploadsRepository,
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
    const { journalist } = await this.tickets.contactNames(found);
    const to = this.recipients(input.to ?? (journalist?.email ? [journalist.email] : []), 'to', journalist);
    if (!to.length) throw new BadRequestException('This ticket has no journalist address: give the recipients in `to`');
    const cc = this.recipients(input.cc ?? [], 'cc', journalist);
    const composed = await this.compose(input, user, { reference: found.reference, journalistName: journalist?.name ?? null, deadlineAt: found.deadlineAt }, options.greeting);

    await this.dataSource.transaction(async (tx) => {
      const locked = await this.lockTicketScope(tx, found.id);
      const ticket = await this.tickets.lockForChange(tx, found.id);
      await this.write(tx, ticket, safeSubject(replySubject(ticket.subject, found.reference)), { to, cc }, composed, input, user, { ...options, locked });
    });
    return this.tickets.get(found.id, user);
  }

  /**
   * A new mail to a journalist from the dashboard: opens a ticket (channel email, the officer as
   * assignee) and sends its first message like any reply (approval rules, undo window, schedule),
   * all in one transaction, so a refused mail leaves no empty ticket behind.
   */
  async startThread(input: CreateOutboundTicketDto, user: RequestUser): Promise<TicketDetailDto> {
    const known = input.journalistId ? await this.contacts.getJournalist(input.journalistId) : null;
    const addresses = input.to ?? (known?.email ? [known.email] : []);
    if (!addresses.length) throw new BadRequestException(known ? 'This journalist has no email address: give the recipients in `to`' : 'to must name at least one address (or give a journalistId)');
    const first = checkAddress(addresses[0]);
    if (!first.ok) throw new BadRequestException(`to[0] ${JSON.stringify(addresses[0])} is not allowed: it ${first.reason}`);
    const journalistName = known?.name ?? input.journalistName ?? null;
    const to = this.recipients(addresses, 'to', { email: known?.email ?? first.address.toLowerCase(), name: journalistName });
    const cc = this.recipients(input.cc ?? [], 'cc', null);
    const deadlineAt = input.deadlineAt ? new Date(input.deadlineAt) : null;
    const composed = await this.compose(input, user, { reference: null, journalistName, deadlineAt });

    const id = await this.dataSource.transaction(async (tx) => {
      const journalist = known ?? (await this.contacts.findOrCreateJournalist({ email: first.address, name: input.journalistName || undefined }, tx));
      const { ticket, reference } = await this.tickets.openOutbound(
        tx,
        { subject: input.subject, journalistId: journalist.id, outletId: journalist.outletId ?? null, deadlineAt, requestType: input.requestType ?? 'other' },
        user,
      );
      const scope = await this.lockTicketScope(tx, ticket.id);
      const locked = await this.tickets.lockForChange(tx, ticket.id);
      // A new conversation, not an answer: no "Re:", the reference as every later mail carries it.
      await this.write(tx, locked, safeSubject(`${input.subject} [${reference}]`), { to, cc }, composed, input, user, { locked: scope });
      return ticket.id;
    });
    return this.tickets.get(id, user);
  }

  /** Cancels a reply still waiting in the outbox (undo, or a scheduled send called off): nothing is sent. */
  async cancel(idOrReference: string, messageId: string, user: RequestUser): Promise<TicketDetailDto> {
    const found = await this.tickets.findAccessible(idOrReference);
    if (!isUuid(messageId)) throw new NotFoundException('Reply not found');
    await this.dataSource.transaction(async (tx) => {
      const message = await this.messages.findOutbound(tx, messageId, found.id);
      if (!message) throw new NotFoundException('Reply not found');
      if (message.authorId !== user.id && user.role !== 'admin' && user.role !== 'manager') {
        throw new ForbiddenException('Only the author of a reply (or a manager) can cancel it');
      }
      // Waits for a worker holding the row; the status test then refuses a mail already being sent.
      const row = await this.outbox.cancelQueuedReply(tx, message.id, user.id);
      if (!row) {
        const current = await this.outbox.findReplyStatus(tx, message.id);
        throw conflict(
          'invalid_state',
          current === 'cancelled' ? 'This reply was already cancelled' : current ? `Too late to cancel: the reply is ${current}` : 'This reply is not in the outbox',
        );
      }
      await this.messages.markCancelled(tx, message.id);
      // A reply that never left is no response: the first response is the earliest one still going out.
      await this.tickets.replyCancelled(tx, found.id);
      await this.events.record(
        {
          type: 'reply.cancelled',
          entityType: 'message',
          entityId: message.id,
          ticketId: found.id,
          actorId: user.id,
          after: { outboundId: row.id, scheduledFor: row.scheduled_for ? row.scheduled_for.toISOString() : null },
        },
        tx,
      );
    });
    return this.tickets.get(found.id, user);
  }

  /** The text as it will go out: template, officer's signature, rendered; checked before any transaction. */
  private async compose(
    input: CreateReplyDto,
    user: RequestUser,
    context: { reference: string | null; journalistName: string | null; deadlineAt: Date | null },
    greeting?: string,
  ): Promise<{ markdown: string; approvedBody: string; fromName: string; format: 'markdown' | 'html'; rendered: { html: string; text: string; plain: string }; notBefore: Date; scheduledFor: Date | null }> {
    const officer = await this.users.findEntity(user.id);
    if (!officer) throw new BadRequestException('Your account no longer exists');
    let markdown = input.body ?? '';
    if (input.templateId) {
      const template = await this.templates.findActiveReply(input.templateId);
      if (!template) throw new BadRequestException('templateId is not an active reply template');
      if (!input.body) {
        markdown = fillTemplate(template.body, {
          'journalist.name': context.journalistName,
          'ticket.reference': context.reference ?? '',
          'ticket.deadline': context.deadlineAt ? context.deadlineAt.toISOString() : null,
          'officer.name': officer.name,
        }, 'markdown');
      }
    }
    if (!markdown.trim()) throw new BadRequestException('body must not be empty');
    const format = input.format ?? 'markdown';
    // The library check compares the statement as approved; the greeting is added around it.
    const approvedBody = markdown;
    if (greeting) markdown = format === 'markdown' ? `${markdownText(greeting)}\n\n${markdown}` : `<p>${escapeHtml(greeting)}</p>${markdown}`;
    const now = this.clock.now();
    let scheduledFor: Date | null = null;
    if (input.sendAt) {
      scheduledFor = new Date(input.sendAt);
      if (scheduledFor.getTime() <= now.getTime()) throw new BadRequestException('sendAt must be in the future');
      if (scheduledFor.getTime() > now.getTime() + MAX_SCHEDULE_MS) throw new BadRequestException('sendAt must be within a year');
    }
    const notBefore = scheduledFor ?? new Date(now.getTime() + this.config.REPLY_UNDO_SECONDS * 1000);
    return { markdown, approvedBody, fromName: this.fromName(officer.name), format, rendered: this.render(markdown, format, officer.signature), notBefore, scheduledFor };
  }

  /** Stores the outbound message on the thread and either holds it for approval or queues it; inside the caller's transaction with the ticket locked. */
  private async write(
    tx: EntityManager,
    ticket: Ticket,
    subject: string,
    recipients: { to: AddressDto[]; cc: AddressDto[] },
    composed: Awaited<ReturnType<RepliesService['compose']>>,
    input: CreateReplyDto,
    user: RequestUser,
    options: { within?: ReplyHook; libraryVersionId?: string; locked?: LockedScope | null },
  ): Promise<void> {
    const { to, cc } = recipients;
    const { markdown, format, rendered } = composed;
    // Decided here from the database as it is now; the request's flags can only add a hold.
    const library = options.libraryVersionId && format === 'markdown' && (await isApprovedLibraryText(tx, options.libraryVersionId, composed.approvedBody));
    const approvalReason = input.submitForApproval
      ? 'sent for approval by the officer'
      : await approvalRequirement(
          tx,
          ticket,
          library
            ? { kind: 'library' }
            : { kind: 'written', flagged: input.statement === true, plain: rendered.plain, recipients: [...to, ...cc].map((entry) => entry.address) },
          options.locked ?? null,
          (lockTx, scope) => this.contacts.shareLockScope(lockTx, scope),
        );
    const uploads = input.uploadIds?.length ? await this.uploads.findOwn(tx, input.uploadIds, user.id) : [];
    if (uploads.length !== (input.uploadIds?.length ?? 0)) {
      throw new BadRequestException('uploadIds must be files you uploaded with POST /api/uploads');
    }

    const message = await this.messages.add(tx, {
      id: randomUUID(),
      ticketId: ticket.id,
      kind: 'outbound',
      fromName: composed.fromName,
      fromAddress: this.config.intakeAddresses[0],
      to,
      cc,
      subject,
      text: rendered.text,
      html: rendered.html,
      newText: rendered.plain,
      messageId: signedMessageId(this.secrets.messageIdKey, this.config.MAIL_DOMAIN).replace(/^<|>$/g, ''),
      authorId: user.id,
      flags: approvalReason ? ['awaiting_approval'] : [],
    });
    for (const upload of uploads) {
      await this.attachments.add(tx, {
        messageId: message.id,
        filename: upload.filename,
        contentType: upload.contentType,
        size: upload.size,
        sha256: upload.sha256,
        storageKey: upload.sha256,
        inline: false,
      });
    }
    if (uploads.length) await this.uploads.deleteMany(tx, uploads.map((upload) => upload.id));

    if (approvalReason) {
      // Nothing leaves before an approver signs it off: no outbox row exists until then.
      const approvalId = await holdForApproval(tx, {
        ticketId: ticket.id,
        messageId: message.id,
        reason: approvalReason,
        requestedById: user.id,
        sendStatus: input.status ?? null,
        sendOutcome: input.outcome ?? null,
        format,
        sendAt: composed.scheduledFor,
        body: markdown,
      });
      await this.tickets.markActivity(tx, ticket.id);
      await this.events.record(
        { type: 'approval.requested', entityType: 'approval', entityId: approvalId, ticketId: ticket.id, actorId: user.id, after: { messageId: message.id, reason: approvalReason } },
        tx,
      );
      await this.notifications.approvalRequested(tx, { id: ticket.id, reference: ticket.reference, subject: ticket.subject }, user.id, approvalReason);
    } else {
      await this.dispatch(tx, ticket, message, { status: input.status, outcome: input.outcome, notBefore: composed.notBefore, scheduledFor: composed.scheduledFor }, user.id);
    }
    await options.within?.(tx, { ticket, messageId: message.id, rfcMessageId: message.messageId!, awaitingApproval: !!approvalReason });
  }

  /**
   * Share-locks the ticket's outlets and journalist before the caller locks the ticket: merges lock
   * contacts before tickets, so taking them in the same order cannot deadlock with a reply.
   */
  private async lockTicketScope(tx: EntityManager, ticketId: string): Promise<LockedScope | null> {
    const scope = await this.tickets.contactsOf(tx, ticketId);
    if (!scope) return null;
    await this.contacts.shareLockScope(tx, scope);
    return scope;
  }

  /** Markdown (or HTML) plus the officer's signature, as sanitised HTML and plain text (the mail's text part, read from the HTML). */
  render(body: string, format: 'markdown' | 'html', signature: string | null): { html: string; text: string; plain: string } {
    const bodyHtml = sanitiseMailHtml(format === 'markdown' ? (marked.parse(body, { async: false, gfm: true, breaks: true }) as string) : body, { cidUrls: new Map() }).html;
    const trimmedSignature = signature?.trim();
    const html = trimmedSignature
      ? sanitiseMailHtml(`${bodyHtml}<p>-- <br>${escapeHtml(trimmedSignature).replace(/\n/g, '<br>')}</p>`, { cidUrls: new Map() }).html
      : bodyHtml;
    const plain = format === 'markdown' ? body : htmlPlain(body);
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
    /** The stored message, or its id when the caller does not hold it (an approval). */
    stored: Message | string,
    options: {
      status?: 'open' | 'pending' | 'resolved' | 'closed' | null;
      outcome?: TicketOutcome | null;
      /** End of the undo window or the scheduled time; approved replies go at once, or at their scheduled time. */
      notBefore?: Date;
      scheduledFor?: Date | null;
    },
    actorId: string,
  ): Promise<void> {
    // A scheduled time already past (approved late) means now.
    const scheduledFor = options.scheduledFor && options.scheduledFor.getTime() > this.clock.now().getTime() ? options.scheduledFor : null;
    const notBefore = options.notBefore ?? scheduledFor ?? undefined;
    const message = typeof stored === 'string' ? await this.messages.get(tx, stored) : stored;
    const messageId = message.id;
    const thread = await this.messages.threadOf(tx, ticket.id, messageId);
    const lastInbound = [...thread].reverse().find((entry) => entry.kind === 'inbound');
    const chain = [...new Set(thread.map((entry) => entry.message_id))];
    const references = chain.length > MAX_REFERENCES ? [chain[0], ...chain.slice(-(MAX_REFERENCES - 1))] : chain;
    const inReplyTo = lastInbound?.message_id ?? chain.at(-1) ?? null;
    const replyCount = thread.filter((entry) => entry.kind === 'outbound').length + 1;
    const now = this.clock.now();
    await this.messages.setThreading(tx, messageId, inReplyTo, references);

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
        notBefore,
        scheduledFor,
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
    await this.tickets.recordReplyQueued(tx, ticket, message.newText ?? '');
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
          ...(notBefore ? { dueAt: notBefore.toISOString() } : {}),
          ...(scheduledFor ? { scheduledFor: scheduledFor.toISOString() } : {}),
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
