import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DELIVERY_STATUSES, OUTBOUND_KINDS, type DeliveryStatus, type OutboundKind, type OutboxItemDto, type Page } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { DataSource } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { cursorCodec } from '../common/cursor.js';
import { isUuid } from '../common/ids.js';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { EventsService } from '../events/events.service.js';
import { checkAddress } from './addresses.js';
import { OutboxRepository } from './outbox.repository.js';
import { queueMail } from './queue-mail.js';

const PAGE_CURSOR = cursorCodec('outbox', ['timestamp', 'uuid']);

export { DELIVERY_STATUSES, OUTBOUND_KINDS };

/** The outbox as admins and managers see it: what was sent, what waits, what failed and why. */
@Injectable()
export class OutboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly events: EventsService,
    private readonly outbox: OutboxRepository,
  ) {}

  async list(query: { status?: DeliveryStatus; kind?: OutboundKind; cursor?: string; limit?: number }): Promise<Page<OutboxItemDto>> {
    const limit = query.limit ?? 50;
    let before: { at: string; id: string } | undefined;
    if (query.cursor) {
      const [at, id] = PAGE_CURSOR.decode(query.cursor);
      before = { at, id };
    }
    const rows = await this.outbox.findPage({ status: query.status, kind: query.kind, before }, limit);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        id: row.id,
        kind: row.kind,
        status: row.status,
        to: row.to_addresses,
        subject: row.subject,
        attempts: row.attempts,
        lastError: row.last_error,
        response: row.smtp_response,
        createdAt: row.created_at.toISOString(),
        sentAt: row.sent_at?.toISOString() ?? null,
        via: row.delivered_via,
        fromName: row.from_name ?? this.config.MAIL_FROM_NAME,
        // Only what went to journalists: staff notices are theirs alone, not every manager's.
        text: row.kind === 'acknowledgement' || row.kind === 'reply' ? row.text : null,
        ticket: row.ticket_id && row.reference ? { id: row.ticket_id, reference: row.reference } : null,
      })),
      nextCursor: rows.length > limit && last ? PAGE_CURSOR.encode([last.created_at.toISOString(), last.id]) : null,
    };
  }

  /** A sent mail as the exact bytes that went out; one not (yet) sent as it would be composed now. */
  async eml(id: string, reader: RequestUser): Promise<Buffer> {
    const row = isUuid(id) ? await this.outbox.findWithSentMime(id) : null;
    if (!row) throw new NotFoundException('Outbox mail not found');
    // Staff notices can carry a sign-in secret (a password-reset link): only their recipient reads them.
    if (row.kind === 'notification' && !row.to_addresses.some((to) => to.address.toLowerCase() === reader.email.toLowerCase())) {
      throw new ForbiddenException('A staff notice can be read only by the person it was sent to');
    }
    if (row.sent_bytes) return row.sent_bytes;
    const { 'In-Reply-To': inReplyTo, References: references, ...headers } = row.headers;
    return new MailComposer({
      from: { name: row.from_name ?? this.config.MAIL_FROM_NAME, address: row.from_address },
      to: row.to_addresses.map((to) => ({ name: to.name ?? '', address: to.address })),
      cc: row.cc_addresses.map((cc) => ({ name: cc.name ?? '', address: cc.address })),
      subject: row.subject,
      text: row.text,
      html: row.html ?? undefined,
      messageId: `<${row.rfc_message_id}>`,
      inReplyTo,
      references,
      headers,
    })
      .compile()
      .build();
  }

  /** "Send test": a mail through the configured route, to check the outgoing setup. */
  async sendTest(to: string, actor: RequestUser): Promise<{ id: string }> {
    const check = checkAddress(to);
    if (!check.ok) throw new BadRequestException(`to ${JSON.stringify(to)} is not allowed: it ${check.reason}`);
    const row = await this.dataSource.transaction(async (tx) => {
      const queued = await queueMail(
        tx,
        {
          kind: 'test',
          from: this.config.intakeAddresses[0],
          to: [{ name: null, address: check.address }],
          subject: 'Newsdesk test mail',
          text: `This is a test mail from Newsdesk at ${this.config.publicUrl}, sent by ${actor.name}. Outgoing mail works.`,
          headers: { 'Auto-Submitted': 'auto-generated' },
        },
        this.secrets.messageIdKey,
        this.config.MAIL_DOMAIN,
      );
      await this.events.record({ type: 'outbox.test_queued', entityType: 'outbound_message', entityId: queued.id, actorId: actor.id, after: { to: check.address } }, tx);
      return queued;
    });
    return { id: row.id };
  }
}
