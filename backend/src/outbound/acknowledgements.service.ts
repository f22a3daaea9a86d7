import { Injectable } from '@nestjs/common';
import { fillTemplate } from '@newsdesk/shared';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { signedMessageId } from '../intake/message-ids.js';
import type { AcknowledgementLanguage } from './acknowledgements/acknowledgement-language.js';
import { detectLanguage, firstName } from './acknowledgements/acknowledgement-languages.js';
import { AcknowledgementsRepository, type AcknowledgementQuota, type QueuedAcknowledgementRow } from './acknowledgements.repository.js';
import { safeSubject } from './addresses.js';
import { mailText, markdownHtml, paragraphsHtml, paragraphsText } from './mail-text.js';
import { replySubject } from './reply-subject.js';

export type { AcknowledgementQuota } from './acknowledgements.repository.js';

/** An inquiry that arrived and is opening a ticket: what outbound needs to decide whether and how to acknowledge it. */
export interface InquiryArrived {
  ticketId: string;
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

/** The acknowledgements decided for a batch of inquiries, written once their tickets (and references) exist. */
export interface AcknowledgementPlan {
  /** Tickets whose acknowledgement is queued: they are opened with acknowledged_at set. */
  queued: Set<string>;
  acknowledgements: { inquiry: InquiryArrived; language: AcknowledgementLanguage; template: string | null }[];
}

/**
 * The automatic acknowledgement: rate-limited per recipient (ACK_RATE_LIMIT_PER_HOUR, counted under an
 * advisory lock), written in the inquiry's language from the office's template and queued in the
 * outbox, all in the caller's transaction. Decided before the tickets are written, so a ticket is
 * opened already acknowledged rather than updated after its insert.
 */
@Injectable()
export class AcknowledgementsService {
  constructor(
    private readonly repository: AcknowledgementsRepository,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
  ) {}

  /** Decides, in order, which inquiries are acknowledged (quotas counted and taken now); nothing is queued yet. */
  async plan(tx: EntityManager, inquiries: InquiryArrived[]): Promise<AcknowledgementPlan> {
    const plan: AcknowledgementPlan = { queued: new Set(), acknowledgements: [] };
    if (!inquiries.length) return plan;
    // Count and insert under one lock per address: parallel deliveries would each see room for one more.
    await this.repository.lockRecipients(tx, inquiries.map((inquiry) => inquiry.to.address));
    // Only the language is read from what the sender wrote: none of it is echoed (the web form's rule).
    const languages = inquiries.map((inquiry) => detectLanguage(inquiry.text));
    const { counts, templates } = await this.repository.recentCountsAndTemplates(
      tx,
      inquiries.map((inquiry) => inquiry.to.address),
      languages.map((language) => language.code),
    );
    for (const [index, inquiry] of inquiries.entries()) {
      const count = counts.get(inquiry.to.address) ?? 0;
      if (count >= this.config.ACK_RATE_LIMIT_PER_HOUR) continue;
      if (inquiry.webForm && !(await this.repository.takeQuotas(tx, inquiry.webForm.quotas))) continue;
      counts.set(inquiry.to.address, count + 1);
      plan.acknowledgements.push({ inquiry, language: languages[index], template: templates.get(languages[index].code) ?? null });
      plan.queued.add(inquiry.ticketId);
    }
    return plan;
  }

  /** Queues the planned acknowledgements in the outbox (one INSERT), once their tickets are written; references by ticket id. */
  async queue(tx: EntityManager, plan: AcknowledgementPlan, references: Map<string, string>): Promise<void> {
    await this.repository.insertMany(
      tx,
      plan.acknowledgements.map(({ inquiry, language, template }) => this.compose(inquiry, references.get(inquiry.ticketId)!, language, template)),
    );
  }

  private compose(inquiry: InquiryArrived, reference: string, language: AcknowledgementLanguage, template: string | null): QueuedAcknowledgementRow {
    const fixed = !!inquiry.webForm;
    const to = fixed ? { name: null, address: inquiry.to.address } : inquiry.to;
    const rfcMessageId = signedMessageId(this.secrets.messageIdKey, this.config.MAIL_DOMAIN).replace(/^<|>$/g, '');
    const references = [...inquiry.references, ...(inquiry.inReplyTo ? [inquiry.inReplyTo] : [])];
    const subject = safeSubject(fixed ? `Your inquiry to the press office [${reference}]` : replySubject(inquiry.subject, reference));
    let html: string;
    let text: string | null = null;
    if (template !== null) {
      const markdown = fillTemplate(template, { 'journalist.name': to.name, 'ticket.reference': reference, 'ticket.deadline': null, 'officer.name': null }, 'markdown');
      html = markdownHtml(markdown);
    } else {
      const shown = subject.includes(`[${reference}]`) ? `[${reference}]` : reference;
      const paragraphs = [language.greeting(fixed ? null : firstName(to.name)), ...language.acknowledgement({ reference: shown, deadlineGiven: inquiry.deadlineGiven })];
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
