import { BadRequestException, Injectable } from '@nestjs/common';
import type { AddressDto, TicketDetailDto } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { convert } from 'html-to-text';
import { marked } from 'marked';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
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
import { renderTemplate } from './template-render.js';
import { Template } from './template.entity.js';
import { threadIndex } from './thread-index.js';
import { Upload } from './upload.entity.js';

const SEARCH_TEXT_LIMIT = 16_384;
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

  async create(idOrReference: string, input: CreateReplyDto, user: RequestUser): Promise<TicketDetailDto> {
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
    const bodyHtml = format === 'markdown' ? (marked.parse(markdown, { async: false, gfm: true, breaks: true }) as string) : markdown;
    const signature = officer.signature?.trim();
    const html = sanitiseMailHtml(
      signature ? `${bodyHtml}<p>-- <br>${escapeHtml(signature).replace(/\n/g, '<br>')}</p>` : bodyHtml,
      { cidUrls: new Map() },
    ).html;
    const plain = format === 'markdown' ? markdown : convert(markdown, { wordwrap: 78 });
    const text = signature ? `${plain}\n\n-- \n${signature}` : plain;

    const messageId = await this.dataSource.transaction(async (tx) => {
      const ticket = await tx.getRepository(Ticket).findOneOrFail({ where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
      const thread = (await tx.query(
        `SELECT kind, message_id, created_at FROM messages WHERE ticket_id = $1 AND message_id IS NOT NULL AND kind <> 'note' ORDER BY created_at`,
        [ticket.id],
      )) as { kind: string; message_id: string; created_at: Date }[];
      const lastInbound = [...thread].reverse().find((message) => message.kind === 'inbound');
      const chain = [...new Set(thread.map((message) => message.message_id))];
      const references = chain.length > MAX_REFERENCES ? [chain[0], ...chain.slice(-(MAX_REFERENCES - 1))] : chain;
      const inReplyTo = lastInbound?.message_id ?? chain.at(-1) ?? null;
      const rfcMessageId = signedMessageId(this.secrets.messageIdKey, this.config.MAIL_DOMAIN).replace(/^<|>$/g, '');
      const subject = safeSubject(replySubject(ticket.subject, found.reference));
      const replyCount = thread.filter((message) => message.kind === 'outbound').length + 1;
      const now = new Date();

      const uploads = input.uploadIds?.length
        ? await tx.getRepository(Upload).findBy({ id: In(input.uploadIds), userId: user.id })
        : [];
      if (uploads.length !== (input.uploadIds?.length ?? 0)) {
        throw new BadRequestException('uploadIds must be files you uploaded with POST /api/uploads');
      }

      const message = tx.getRepository(Message).create({
        id: randomUUID(),
        ticketId: ticket.id,
        kind: 'outbound',
        fromName: this.config.MAIL_FROM_NAME,
        fromAddress: this.config.intakeAddresses[0],
        to,
        cc,
        subject,
        text,
        html,
        newText: plain,
        messageId: rfcMessageId,
        inReplyTo,
        references,
        authorId: user.id,
        flags: [],
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

      await queueMail(
        tx,
        {
          kind: 'reply',
          ticketId: ticket.id,
          messageId: message.id,
          from: this.config.intakeAddresses[0],
          to,
          cc,
          subject,
          text,
          html,
          rfcMessageId,
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
      if (input.outcome) ticket.outcome = input.outcome;
      const target = input.status ?? (ticket.status === 'new' ? 'open' : undefined);
      if (target) applyStatus(ticket, target, now);
      await tx.query(
        `UPDATE tickets SET status = $2, outcome = $3, resolved_at = $4, closed_at = $5, reopen_count = $6,
                first_response_at = coalesce(first_response_at, now()), last_activity_at = now(), updated_at = now(),
                search_text = left(search_text || E'\\n' || $7, ${SEARCH_TEXT_LIMIT})
          WHERE id = $1`,
        [ticket.id, ticket.status, ticket.outcome, ticket.resolvedAt, ticket.closedAt, ticket.reopenCount, plain.slice(0, SEARCH_TEXT_LIMIT)],
      );
      await this.events.record(
        {
          type: 'reply.queued',
          entityType: 'message',
          entityId: message.id,
          ticketId: ticket.id,
          actorId: user.id,
          before: before.status !== ticket.status ? before : null,
          after: { to: to.map((address) => address.address), cc: cc.map((address) => address.address), status: ticket.status, rfcMessageId },
        },
        tx,
      );
      return message.id;
    });
    void messageId;
    return this.tickets.get(found.id, user);
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

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
