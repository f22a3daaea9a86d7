import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { REQUEST_TYPE_LABELS, type PublicInquiryFormDto, type PublicInquiryReceiptDto } from '@newsdesk/shared';
import { createHash, createHmac } from 'node:crypto';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { AppSecrets } from '../config/app-secrets.js';
import { IntakeService } from '../intake/intake.service.js';
import { encodeWebFormFields } from '../intake/web-form-fields.js';
import { describeDeadline } from './deadline.js';
import { deadlineOf, type CreatePublicInquiryDto } from './dto/create-public-inquiry.dto.js';
import { checkFormToken, issueFormToken } from './form-token.js';
import { composeInquiryMail } from './inquiry-mail.js';
import type { InquirySubmission } from './inquiry-submission.js';
import { WebFormThrottleService } from './web-form-throttle.service.js';
import { TicketsService } from '../tickets/tickets.service.js';

const TOKEN_PROBLEMS = {
  invalid: 'The form could not be checked. Reload the page and send the form again.',
  expired: 'The form was opened too long ago. Reload the page and send the form again.',
} as const;

/** The public web form's door: spam checks, then the inquiry as a MIME message into the one intake pipeline. */
@Injectable()
export class PublicInquiriesService {
  private readonly logger = new Logger('PublicInquiries');

  constructor(
    private readonly intake: IntakeService,
    private readonly throttle: WebFormThrottleService,
    private readonly config: AppConfig,
    private readonly secrets: AppSecrets,
    private readonly tickets: TicketsService,
    private readonly clock: Clock,
  ) {}

  form(): PublicInquiryFormDto {
    return {
      token: issueFormToken(this.secrets.webFormKey, this.clock.now()),
      maxAttachments: this.config.WEB_FORM_MAX_ATTACHMENTS,
      maxAttachmentBytes: this.config.WEB_FORM_MAX_ATTACHMENT_BYTES,
      maxTotalBytes: this.config.WEB_FORM_MAX_TOTAL_BYTES,
      address: this.config.intakeAddresses[0],
    };
  }

  async submit({ inquiry, attachments }: InquirySubmission, ip: string): Promise<PublicInquiryReceiptDto> {
    const token = checkFormToken(this.secrets.webFormKey, inquiry.token, {
      now: this.clock.now(),
      minAgeMs: this.config.WEB_FORM_MIN_FILL_SECONDS * 1000,
      maxAgeMs: this.config.WEB_FORM_TOKEN_MAX_AGE_HOURS * 3600 * 1000,
    });
    if (!token.ok) {
      if (token.problem === 'too_fast') {
        this.logger.log(`web form from ${ip} refused: sent within ${this.config.WEB_FORM_MIN_FILL_SECONDS}s of loading`);
        throw new BadRequestException('The form was sent too quickly after the page opened. Wait a few seconds, then send it again.');
      }
      // Reported on the token field: the page fetches a fresh one and asks to send again.
      const message = TOKEN_PROBLEMS[token.problem];
      throw new BadRequestException({ message, details: [{ field: 'token', messages: [message] }] });
    }
    await this.throttle.admit(ip, inquiry.email);

    if (isFilled(inquiry.website)) {
      // A bot: it gets the answer a person would (status, shape, a reference drawn from the real
      // sequence), and nothing is stored, queued or acknowledged.
      this.logger.log(`web form from ${ip} dropped: honeypot filled`);
      return this.receipt(await this.tickets.unusedReference(), inquiry.email, true);
    }

    const deadline = deadlineOf(inquiry);
    const bytes = await composeInquiryMail({
      from: { name: inquiry.name, address: inquiry.email },
      to: this.config.intakeAddresses[0],
      subject: inquiry.subject,
      text: inquiryText(inquiry, deadline),
      attachments,
      messageId: this.messageId(token.nonce, inquiry, attachments),
      date: this.clock.now(),
      formFields: encodeWebFormFields({
        deadlineAt: deadline?.toISOString() ?? null,
        outlet: inquiry.outlet,
        phone: inquiry.phone ?? null,
        requestType: inquiry.requestType,
      }),
    });
    const result = await this.intake.receive({ bytes, door: 'web', source: ip, envelopeFrom: inquiry.email, envelopeTo: [this.config.intakeAddresses[0]] });
    if (!result.reference || !result.ticketId) {
      // Quarantined (or set aside): the raw message is stored, so the office still sees it in the intake log.
      this.logger.warn(`web form inquiry ${result.rawId} stored without a ticket: ${result.outcome} ${result.error ?? result.reason ?? ''}`);
      return this.receivedWithoutReference(inquiry.email);
    }
    if (result.outcome === 'duplicate') {
      return { reference: result.reference, message: `We already have this inquiry. Its reference is ${result.reference}.` };
    }
    // The web door never threads, so the answer is the same whatever reference the text names.
    return this.receipt(result.reference, inquiry.email, !!(await this.tickets.acknowledgedAt(result.ticketId)));
  }

  private receipt(reference: string, email: string, acknowledged: boolean): PublicInquiryReceiptDto {
    return {
      reference,
      message: acknowledged
        ? `Thank you. Your inquiry has the reference ${reference}. We have emailed an acknowledgement with this reference to ${email}.`
        : `Thank you. Your inquiry has the reference ${reference}. Please quote it if you write to us about this inquiry.`,
    };
  }

  private receivedWithoutReference(email: string): PublicInquiryReceiptDto {
    return {
      reference: null,
      message:
        'Thank you. Your inquiry has been received and the press office will handle it. ' +
        `If no acknowledgement with a reference reaches ${email} within a few minutes, please email ${this.config.intakeAddresses[0]}.`,
    };
  }

  /**
   * Same form (token) and same content → same Message-ID, so a double click or a retry after a lost
   * answer is recognised by the pipeline as one message; an edited resend is a new one.
   */
  private messageId(nonce: string, inquiry: CreatePublicInquiryDto, attachments: InquirySubmission['attachments']): string {
    const content = createHash('sha256').update(
      JSON.stringify([
        inquiry.name,
        inquiry.email.toLowerCase(),
        inquiry.outlet,
        inquiry.phone ?? null,
        inquiry.deadlineDate ?? null,
        inquiry.deadlineTime ?? null,
        inquiry.deadlineTimezone ?? null,
        inquiry.requestType,
        inquiry.subject,
        inquiry.message,
        attachments.map((attachment) => [attachment.filename, createHash('sha256').update(attachment.content).digest('hex')]),
      ]),
    );
    const hex = createHmac('sha256', this.secrets.webFormKey).update(`message-id\u0000${nonce}\u0000`).update(content.digest()).digest('hex');
    const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    // Not @MAIL_DOMAIN itself: intake classifies a Message-ID on our own domain as our mail looping back.
    return `web.${uuid}@form.${this.config.MAIL_DOMAIN}`;
  }
}

function isFilled(value: unknown): boolean {
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null && value !== false;
}

/** The message as the office reads it: the form's structured fields first, then the journalist's words. */
function inquiryText(inquiry: CreatePublicInquiryDto, deadline: Date | null): string {
  const preamble = [
    `Outlet: ${inquiry.outlet}`,
    ...(inquiry.phone ? [`Phone: ${inquiry.phone}`] : []),
    `Request: ${REQUEST_TYPE_LABELS[inquiry.requestType]}`,
    `Deadline: ${deadline && inquiry.deadlineTimezone ? describeDeadline(deadline, inquiry.deadlineTimezone) : 'none given'}`,
  ];
  return `${preamble.join('\n')}\n\n${inquiry.message}\n`;
}
