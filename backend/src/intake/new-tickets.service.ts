import { Injectable } from '@nestjs/common';
import type { AddressDto } from '@newsdesk/shared';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AttachmentBatchService } from '../attachments/attachment-batch.service.js';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { JournalistBatchService } from '../contacts/journalist-batch.service.js';
import { EventsService, type EventInput } from '../events/events.service.js';
import { MessageBatchService } from '../messages/message-batch.service.js';
import { AcknowledgementsService, type InquiryArrived } from '../outbound/acknowledgements.service.js';
import { TicketBatchService } from '../tickets/ticket-batch.service.js';
import { SEARCH_TEXT_LIMIT } from '../tickets/ticket.entity.js';
import type { MailKind } from './classify.js';
import { isForwardSubject, originalSender, stripForwardPrefix } from './forwarded.js';
import { inboundRows, type InboundRows } from './inbound-message.js';
import { IntakeLookupsRepository } from './intake-lookups.repository.js';
import { clean, type PreparedMail } from './intake-parse.service.js';
import { webFormFields, WEB_FORM_HEADER, type WebFormFields } from './web-form-fields.js';
import { suggestPossibleDuplicate, webFormAcknowledgementQuotas } from './web-form-intake.js';

const MAX_SUBJECT = 500;

/** A mail the route stage decided opens a ticket. */
export interface NewTicketPlan {
  mail: PreparedMail;
  flags: string[];
  kind: MailKind;
  referencedIds: string[];
  /** From verified staff: a forwarded inquiry's original sender is the journalist. */
  forwardFromStaff: boolean;
}

interface Draft {
  plan: NewTicketPlan;
  ticketId: string;
  journalistAddress: AddressDto | null;
  subject: string;
  forwarded: boolean;
  form: WebFormFields | null;
  newText: string;
  suggested: Date | null;
}

/**
 * The persist and effects stages for new tickets, a batch at a time in the caller's transaction:
 * every sender's journalist found or created at once, outbound's decision on the acknowledgements,
 * then one INSERT each for the tickets (already acknowledged), their messages and attachments, the
 * acknowledgements and the events, through the owners' services.
 */
@Injectable()
export class NewTicketsService {
  constructor(
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly journalists: JournalistBatchService,
    private readonly tickets: TicketBatchService,
    private readonly messages: MessageBatchService,
    private readonly attachments: AttachmentBatchService,
    private readonly acknowledgements: AcknowledgementsService,
    private readonly events: EventsService,
    private readonly lookups: IntakeLookupsRepository,
  ) {}

  /** Opens a ticket per plan, in order; their ids. */
  async openMany(tx: EntityManager, plans: NewTicketPlan[]): Promise<string[]> {
    if (!plans.length) return [];
    const drafts = plans.map((plan) => this.draft(plan));
    const journalists = await this.journalists.findOrCreateMany(
      tx,
      drafts.flatMap((d) => (d.journalistAddress ? [{ email: d.journalistAddress.address, name: d.journalistAddress.name, phone: d.form?.phone }] : [])),
    );
    const journalistOf = (draft: Draft) => (draft.journalistAddress ? journalists.get(draft.journalistAddress.address.trim().toLowerCase()) ?? null : null);
    const outlets = new Map<Draft, string | null>();
    for (const draft of drafts) {
      outlets.set(draft, journalistOf(draft)?.outletId ?? (draft.form?.outlet ? await this.journalists.outletIdByName(tx, draft.form.outlet) : null));
    }
    // Effects first decided: outbound decides on the acknowledgements, so each ticket is written once, already acknowledged.
    const inquiries: InquiryArrived[] = [];
    for (const draft of drafts) {
      const journalist = journalistOf(draft);
      const ackAddress = journalist?.email ?? null;
      if (draft.plan.kind !== 'normal' || draft.forwarded || !ackAddress || this.isOurAddress(ackAddress) || !draft.journalistAddress) continue;
      const { raw, messageId } = draft.plan.mail;
      inquiries.push({
        ticketId: draft.ticketId,
        subject: draft.subject,
        // The name in the contact record greets a journalist whose mail carries none.
        to: { name: draft.journalistAddress.name || journalist?.name || null, address: ackAddress },
        inReplyTo: messageId,
        references: draft.plan.referencedIds,
        text: `${draft.subject}\n${draft.newText}`,
        deadlineGiven: !!(draft.form?.deadlineAt ?? draft.suggested),
        webForm: raw.door === 'web' ? { quotas: webFormAcknowledgementQuotas(this.config, this.secrets.webFormKey, ackAddress, raw.source) } : null,
      });
    }
    const acknowledgements = await this.acknowledgements.plan(tx, inquiries);
    const acknowledged = acknowledgements.queued;
    const references = await this.tickets.openMany(
      tx,
      drafts.map((draft) => ({
        id: draft.ticketId,
        subject: draft.subject.slice(0, MAX_SUBJECT),
        channel: draft.plan.mail.raw.door === 'web' ? 'web' : 'email',
        requestType: draft.form?.requestType ?? 'other',
        deadlineAt: draft.form?.deadlineAt ? new Date(draft.form.deadlineAt) : null,
        suggestedDeadlineAt: draft.suggested,
        journalistId: journalistOf(draft)?.id ?? null,
        outletId: outlets.get(draft) ?? null,
        searchText: draft.newText.slice(0, SEARCH_TEXT_LIMIT),
        acknowledged: acknowledged.has(draft.ticketId),
      })),
    );
    await this.storeInbound(
      tx,
      drafts.map((draft) => inboundRows(draft.ticketId, draft.plan.mail, draft.forwarded ? [...draft.plan.flags, 'forwarded'] : draft.plan.flags)),
      true,
    );
    await this.acknowledgements.queue(tx, acknowledgements, references);
    const events: EventInput[] = [];
    for (const draft of drafts) {
      const journalist = journalistOf(draft);
      events.push({
        type: 'ticket.created',
        entityType: 'ticket',
        entityId: draft.ticketId,
        ticketId: draft.ticketId,
        after: {
          channel: draft.plan.mail.raw.door === 'web' ? 'web' : 'email',
          door: draft.plan.mail.raw.door,
          journalistId: journalist?.id ?? null,
          suggestedDeadlineAt: draft.suggested?.toISOString() ?? null,
        },
      });
      if (acknowledged.has(draft.ticketId)) {
        events.push({ type: 'acknowledgement.queued', entityType: 'ticket', entityId: draft.ticketId, ticketId: draft.ticketId, after: { to: journalist!.email } });
      }
    }
    await this.events.recordMany(events, tx);
    for (const draft of drafts) {
      if (draft.plan.mail.raw.door !== 'web') continue;
      const ticket = { id: draft.ticketId, journalistId: journalistOf(draft)?.id ?? null };
      await suggestPossibleDuplicate(tx, this.lookups, this.tickets, ticket, draft.plan.mail.from, `${draft.subject}\n${draft.newText}`);
    }
    return drafts.map((draft) => draft.ticketId);
  }

  /**
   * Messages and their attachments, one statement each. `opening`: the first messages of tickets opened
   * in this transaction, whose inbound time the ticket insert already set.
   */
  async storeInbound(tx: EntityManager, rows: InboundRows[], opening: boolean): Promise<void> {
    const messages = rows.map((row) => row.message);
    await (opening ? this.messages.insertOpening(tx, messages) : this.messages.insertInbound(tx, messages));
    await this.attachments.storeMany(
      tx,
      rows.flatMap((row) => row.attachments),
    );
  }

  private draft(plan: NewTicketPlan): Draft {
    const { raw, parsed } = plan.mail;
    let journalistAddress = parsed.from;
    let subject = clean(parsed.subject)?.replace(/\s+/g, ' ').trim() || '(no subject)';
    let forwarded = false;
    if (plan.forwardFromStaff) {
      const original = originalSender(parsed.text, parsed.attachments);
      if (original) {
        journalistAddress = original;
        forwarded = true;
        if (isForwardSubject(subject)) subject = stripForwardPrefix(subject) || subject;
      }
    }
    const form = raw.door === 'web' ? webFormFields(parsed.headers.find(([name]) => name === WEB_FORM_HEADER)?.[1]) : null;
    // Read on the parse worker (newText, from the mail's Date: else its arrival, in OFFICE_TIMEZONE); a form's own deadline wins.
    const suggested = form?.deadlineAt || !parsed.deadline ? null : new Date(parsed.deadline);
    return { plan, ticketId: randomUUID(), journalistAddress, subject, forwarded, form, newText: parsed.newText ?? '', suggested };
  }

  private isOurAddress(address: string): boolean {
    const lower = address.toLowerCase();
    return this.config.intakeAddresses.includes(lower) || lower.endsWith(`@${this.config.MAIL_DOMAIN.toLowerCase()}`);
  }
}
