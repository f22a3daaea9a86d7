import { Injectable } from '@nestjs/common';
import { fillTemplate } from '@newsdesk/shared';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { signedMessageId } from '../intake/message-ids.js';
import { TicketBatchService } from '../tickets/ticket-batch.service.js';
import type { AcknowledgementLanguage } from './acknowledgements/acknowledgement-language.js';
import { detectLanguage, firstName } from './acknowledgements/acknowledgement-languages.js';
import { AcknowledgementsRepository, type AcknowledgementQuota, type QueuedAcknowledgementRow } from './acknowledgements.repository.js';
import { safeSubject } from './addresses.js';
import { mailText, markdownHtml, paragraphsHtml, paragraphsText } from './mail-text.js';
import { replySubject } from './reply-subject.js';

export type { AcknowledgementQuota } from './acknowledgements.repository.js';

/** An inquiry that arrived and opened a ticket: what outbound needs to decide whether and how to acknowledge it. */
export interface InquiryArrived {
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

/**
 * The automatic acknowledgement: rate-limited per recipient (ACK_RATE_LIMIT_PER_HOUR, counted under an
 * advisory lock), written in the inquiry's language from the office's template, queued in the outbox
 * and the ticket marked acknowledged, all in the caller's transaction.
 */
@Injectable()
export class AcknowledgementsService {
  constructor(
    private readonly repository: AcknowledgementsRepository,
    private readonly tickets: TicketBatchService,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
  ) {}

  /** Acknowledges the inquiries in order; the ids of the tickets whose acknowledgement was queued. */
  async acknowledge(tx: EntityManager, inquiries: InquiryArrived[]): Promise<Set<string>> {
    const queued = new Set<string>();
    if (!inquiries.length) return queued;
    // Count and insert under one lock per address: parallel deliveries would each see room for one more.
    await this.repository.lockRecipients(tx, inquiries.map((inquiry) => inquiry.to.address));
    // Only the language is read from what the sender wrote: none of it is echoed (the web form's rule).
    const languages = inquiries.map((inquiry) => detectLanguage(inquiry.text));
    const counts = await this.repository.recentCounts(tx, inquiries.map((inquiry) => inquiry.to.address));
    const templates = await this.repository.templates(tx, languages.map((language) => language.code));
    const rows: QueuedAcknowledgementRow[] = [];
    for (const [index, inquiry] of inquiries.entries()) {
      const count = counts.get(inquiry.to.address) ?? 0;
      if (count >= this.config.ACK_RATE_LIMIT_PER_HOUR) continue;
      if (inquiry.webForm && !(await this.repository.takeQuotas(tx, inquiry.webForm.quotas))) continue;
      counts.set(inquiry.to.address, count + 1);
      rows.push(this.compose(inquiry, languages[index], templates.get(languages[index].code) ?? null));
      queued.add(inquiry.ticketId);
    }
    await this.repository.insertMany(tx, rows);
    await this.tickets.markAcknowledged(tx, [...queued]);
    return queued;
  }

  private compose(inquiry: InquiryArrived, language: AcknowledgementLanguage, template: string | null): QueuedAcknowledgementRow {
    const fixed = !!inquiry.webForm;
    const to = fixed ? { name: null, address: inquiry.to.address } : inquiry.to;
    const rfcMessageId = signedMessageId(this.secrets.messageIdKey, this.config.MAIL_DOMAIN).replace(/^<|>$/g, '');
    const references = [...inquiry.references, ...(inquiry.inReplyTo ? [inquiry.inReplyTo] : [])];
    const subject = safeSubject(fixed ? `Your inquiry to the press office [${inquiry.reference}]` : replySubject(inquiry.subject, inquiry.reference));
    let html: string;
    let text: string | null = null;
    if (template !== null) {
      const markdown = fillTemplate(template, { 'journalist.name': to.name, 'ticket.reference': inquiry.reference, 'ticket.deadline': null, 'officer.name': null }, 'markdown');
      html = markdownHtml(markdown);
    } else {
      const reference = subject.includes(`[${inquiry.reference}]`) ? `[${inquiry.reference}]` : inquiry.reference;
      const paragraphs = [language.greeting(fixed ? null : firstName(to.name)), ...language.acknowledgement({ reference, deadlineGiven: inquiry.deadlineGiven })];
      html = paragraphsHtml(paragraphs);
      // The same text as read back from the HTML, without html-to-text's parse for every acknowledgement.
      text = paragraphsText(paragraphs);
    }
    const headers = {
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
      ...(inquiry.inReplyTo ? { 'In-Reply-To': `<${inquiry.inReplyTo}>` } : {}),
      ...(references.length ? { References: references.map((id) => `<${id}>`).join(' ') } : {}),
    };
    return { ticketId: inquiry.ticketId, fromAddress: this.config.intakeAddresses[0], to, subject, text: text ?? mailText(html), html, headers, rfcMessageId };
  }
}
