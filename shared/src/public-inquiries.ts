import type { RequestType } from './tickets.js';

/** `GET /api/public/inquiries/token`: what the public form page needs before a journalist starts typing. */
export interface PublicInquiryFormDto {
  /** Signed issue time; send it back as the `token` field. */
  token: string;
  maxAttachments: number;
  /** Per file, in bytes. */
  maxAttachmentBytes: number;
  /** All files of one inquiry together, in bytes. */
  maxTotalBytes: number;
  /** Where journalists can write instead: the first intake address. */
  address: string;
}

/** `POST /api/public/inquiries` answer: 201 with a reference, or 202 without one when the office will follow up by mail. */
export interface PublicInquiryReceiptDto {
  reference: string | null;
  message: string;
}

/** The form's honeypot: hidden from people, filled in by bots. */
export const WEB_FORM_HONEYPOT_FIELD = 'website';

/** How the form and the inquiry's mail name each request type to a journalist. */
export const REQUEST_TYPE_LABELS = {
  comment: 'A comment or statement',
  interview: 'An interview',
  data: 'Data or figures',
  background: 'Background information',
  other: 'Something else',
} as const satisfies Record<RequestType, string>;
