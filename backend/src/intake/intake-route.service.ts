import { Injectable } from '@nestjs/common';
import type { IntakeOutcome } from '@newsdesk/shared';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { EventsService } from '../events/events.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { BouncesService } from '../outbound/bounces.service.js';
import { MessageBatchService } from '../messages/message-batch.service.js';
import { TicketBatchService } from '../tickets/ticket-batch.service.js';
import { applyStatus } from '../tickets/ticket-status.js';
import { bouncedRecipients, findBouncedReply } from './bounce-recipients.js';
import { classifyMail, type MailKind } from './classify.js';
import { inboundRows } from './inbound-message.js';
import { IntakeLookupsRepository, type SenderStandingRow } from './intake-lookups.repository.js';
import { Quarantine, type PreparedMail } from './intake-parse.service.js';
import { isOurSignedMessageId, parseMessageIdList } from './message-ids.js';
import { NewTicketsService, type NewTicketPlan } from './new-tickets.service.js';
import { OWN_ADDRESS_REASON, senderStanding, type SenderStanding } from './own-addresses.js';
import type { PreviousMessageRow } from './raw-messages.repository.js';
import { findThread, namesTicket } from './threading.js';

/** Where a message went: written on its raw message. */
export interface Routed {
  outcome: IntakeOutcome;
  ticketId: string | null;
  reason: string;
}

export interface Classified {
  kind: MailKind;
  reason: string;
}

/** A message that passed the checks every route shares. */
export interface Screened {
  /** Its Message-ID is already taken by a message with another body. */
  conflict: boolean;
  standing: SenderStanding;
  /** The sender, unless a staff address that does not verify (a stranger then: no participant rights). */
  trustedSender: string | null;
  flags: string[];
}

/**
 * The classify and route stages: own mail, bounce, auto-reply, a follow-up on a thread, or a new
 * ticket (handed to NewTicketsService). `route` takes one message through them with its own lookups;
 * the batch uses `classify`, `screen` and `straightNewTicket` with lookups made for the whole batch.
 */
@Injectable()
export class IntakeRouteService {
  constructor(
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly lookups: IntakeLookupsRepository,
    private readonly tickets: TicketBatchService,
    private readonly messages: MessageBatchService,
    private readonly newTickets: NewTicketsService,
    private readonly bounces: BouncesService,
    private readonly events: EventsService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  classify(mail: PreparedMail): Classified {
    // The web form composes its own headers from what anyone typed: never a bounce, an auto-reply or a thread.
    if (mail.raw.door === 'web') return { kind: 'normal', reason: 'web form' };
    const { parsed } = mail;
    const headerMap = new Map<string, string>();
    for (const [name, value] of parsed.headers) if (!headerMap.has(name)) headerMap.set(name, value);
    const returnPath = headerMap.has('return-path') ? headerMap.get('return-path')!.replace(/[<>\s]/g, '') : undefined;
    return classifyMail({
      headers: { get: (name) => headerMap.get(name.toLowerCase()) },
      from: mail.from,
      returnPath,
      contentType: parsed.contentType,
      subject: parsed.subject,
      ourDomain: this.config.MAIL_DOMAIN,
      isOwnMessageId: (id) => isOurSignedMessageId(this.secrets.messageIdKey, this.config.MAIL_DOMAIN, id),
      messageId: mail.messageId,
    });
  }

  /** The checks before any route: duplicate, our own mail looping back, a forged own address, DMARC enforcement (Quarantine). */
  screen(mail: PreparedMail, classified: Classified, previous: PreviousMessageRow[], standingRow: SenderStandingRow | undefined): Routed | Screened {
    const duplicate = previous.find((row) => row.content_hash === mail.parsed.contentHash || row.same_bytes === true);
    if (duplicate) return { outcome: 'duplicate', ticketId: duplicate.ticket_id, reason: 'same Message-ID and content already received' };
    if (classified.kind === 'own') return { outcome: 'auto_reply', ticketId: null, reason: `loop: ${classified.reason}` };
    const standing = senderStanding(mail.from, standingRow, this.config.ownAddresses);
    // Our own mail coming back was recognised above; anything else "from us" is forged.
    if (standing.own) throw new Quarantine(OWN_ADDRESS_REASON);
    const { verdict } = mail;
    const enforced = verdict.dmarcPolicy === 'reject' || verdict.dmarcPolicy === 'quarantine';
    if (verdict.status === 'failed' && enforced && this.config.INTAKE_DMARC_ENFORCEMENT === 'quarantine') {
      throw new Quarantine(`sender failed DMARC and its domain asks receivers to ${verdict.dmarcPolicy === 'reject' ? 'reject' : 'quarantine'} such mail: ${verdict.reason}`);
    }
    const conflict = previous.length > 0;
    const flags = conflict ? ['message_id_conflict'] : [];
    // Someone we know by this address, but the mail does not prove it: shown as a warning, never silently.
    if (standing.knownJournalist && verdict.status !== 'verified') flags.push('sender_not_verified');
    return { conflict, standing, trustedSender: standing.staff && verdict.status !== 'verified' ? null : mail.from, flags };
  }

  /**
   * A new ticket decided without another lookup: mail from outside that names no thread (no
   * In-Reply-To/References, no [ND-n]) and no earlier message. Null when the full route must decide.
   */
  straightNewTicket(mail: PreparedMail, classified: Classified, screened: Screened): NewTicketPlan | null {
    if (mail.raw.door === 'web' || (classified.kind !== 'normal' && classified.kind !== 'list')) return null;
    if (screened.conflict || screened.standing.staff || namesTicket(mail.parsed.subject)) return null;
    if (this.referencedIds(mail).length) return null;
    return { mail, flags: screened.flags, kind: classified.kind, referencedIds: [], forwardFromStaff: false };
  }

  /** Every route for one message, with its own lookups (they see whatever this transaction wrote before). */
  async route(tx: EntityManager, mail: PreparedMail): Promise<Routed> {
    const classified = this.classify(mail);
    const { previous, standings } = await this.lookups.routeLookups(tx, [mail.raw.id], [mail.messageId], mail.from ? [mail.from] : []);
    const screened = this.screen(mail, classified, previous, mail.from ? standings.get(mail.from) : undefined);
    if ('outcome' in screened) return screened;
    const { kind, reason } = classified;
    if (kind === 'bounce') return this.bounce(tx, mail, reason, screened.conflict);

    const webForm = mail.raw.door === 'web';
    const referencedIds = this.referencedIds(mail);
    const found = webForm ? null : await findThread(tx, { lookups: this.lookups, tickets: this.tickets, messages: this.messages }, {
      referencedIds,
      subject: mail.parsed.subject,
      sender: screened.trustedSender,
      messageIdKey: this.secrets.messageIdKey,
      mailDomain: this.config.MAIL_DOMAIN,
    });
    // A reused Message-ID with a different body is kept (flagged) beside the message it collides
    // with, but only for a sender of that ticket: a Message-ID is no key to someone else's thread.
    let thread = found;
    if (!thread && screened.conflict && screened.trustedSender && !webForm) {
      for (const row of previous) {
        if (row.ticket_id && (await this.lookups.isParticipant(tx, row.ticket_id, screened.trustedSender))) {
          thread = { ticketId: row.ticket_id, via: 'known_reference' };
          break;
        }
      }
    }
    const { flags, conflict } = screened;
    if (kind === 'auto_reply') {
      if (!thread) return { outcome: 'auto_reply', ticketId: null, reason };
      await this.append(tx, thread.ticketId, mail, [...flags, 'auto_reply'], { reopen: false });
      return { outcome: 'auto_reply', ticketId: thread.ticketId, reason: `${reason}; attached via ${thread.via}` };
    }
    if (thread) {
      await this.append(tx, thread.ticketId, mail, flags, { reopen: true });
      return { outcome: 'appended', ticketId: thread.ticketId, reason: `threaded via ${thread.via}${conflict ? '; Message-ID reused with a different body' : ''}` };
    }
    const forwardFromStaff = screened.standing.staff && mail.verdict.status === 'verified';
    const [ticketId] = await this.newTickets.openMany(tx, [{ mail, flags, kind, referencedIds, forwardFromStaff }]);
    return { outcome: 'created', ticketId, reason: kind === 'list' ? `list mail (${reason}); not acknowledged` : reason };
  }

  private referencedIds(mail: PreparedMail): string[] {
    return parseMessageIdList([...(mail.parsed.inReplyTo ? [mail.parsed.inReplyTo] : []), ...mail.parsed.references]);
  }

  private async bounce(tx: EntityManager, mail: PreparedMail, reason: string, conflict: boolean): Promise<Routed> {
    const bytes = mail.raw.bytes;
    // A bounce quotes the mail that bounced: look for our signed Message-IDs anywhere in it.
    const domain = this.config.MAIL_DOMAIN.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const candidates = new Set([...bytes.toString('latin1').toLowerCase().matchAll(new RegExp(`[a-z0-9._+=-]+@${domain}`, 'g'))].map((m) => m[0]));
    const ours = [...candidates].filter((id) => isOurSignedMessageId(this.secrets.messageIdKey, this.config.MAIL_DOMAIN, id));
    if (!ours.length) return { outcome: 'bounce', ticketId: null, reason };
    const recipients = bouncedRecipients(bytes);
    const bounced = await findBouncedReply(tx, this.bounces, ours, recipients);
    if (!bounced) {
      const named = recipients.length ? `names ${recipients.slice(0, 5).join(', ')}` : 'names no failed recipient';
      return { outcome: 'bounce', ticketId: null, reason: `${reason}; unmatched bounce: it ${named}, not a recipient of the mail it quotes` };
    }
    await this.append(tx, bounced.ticketId, mail, ['delivery_failure', ...(conflict ? ['message_id_conflict'] : [])], { reopen: false });
    await this.bounces.deliveryFailed(tx, bounced, { rawMessageId: mail.raw.id, text: mail.parsed.text });
    return { outcome: 'bounce', ticketId: bounced.ticketId, reason: `${reason}; attached to the mail that bounced` };
  }

  /** A message on an existing ticket: a follow-up reopens it and may bring a new deadline. */
  private async append(tx: EntityManager, ticketId: string, mail: PreparedMail, flags: string[], options: { reopen: boolean }): Promise<void> {
    const rows = inboundRows(ticketId, mail, flags);
    const message = rows.message;
    await this.newTickets.storeInbound(tx, [rows], false);
    const ticket = await this.tickets.lockForAppend(tx, ticketId);
    const before = { status: ticket.status };
    // A journalist writing again puts the ticket back in front of the office.
    if (options.reopen && ['pending', 'resolved', 'closed'].includes(ticket.status)) applyStatus(ticket, 'open', this.clock.now());
    // A follow-up's deadline ("by 4pm instead?") replaces an earlier detected one; a confirmed one stays, the new one is offered.
    const detected = options.reopen && mail.parsed.deadline ? new Date(mail.parsed.deadline) : null;
    if (detected && detected.getTime() !== ticket.suggestedDeadlineAt?.getTime() && detected.getTime() !== ticket.deadlineAt?.getTime()) {
      await this.tickets.setSuggestedDeadline(tx, ticketId, detected);
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
    await this.tickets.recordInboundMessage(tx, ticket, message.newText ?? message.text ?? '');
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
}
