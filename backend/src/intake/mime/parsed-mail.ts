import type { AddressDto } from '@newsdesk/shared';

export interface ParsedAttachment {
  filename: string | null;
  contentType: string;
  contentDisposition: string | null;
  contentId: string | null;
  /** An inline part referenced from the HTML (multipart/related). */
  related: boolean;
  content: Buffer;
}

/** What the intake pipeline needs from a parsed mail; plain data, so it crosses the worker boundary. */
export interface ParsedMail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: AddressDto | null;
  replyTo: AddressDto[];
  to: AddressDto[];
  cc: AddressDto[];
  date: string | null;
  text: string | null;
  html: string | null;
  /** Raw header lines, unfolded: [lower-cased name, value]. */
  headers: [string, string][];
  /** Top-level Content-Type with parameters, lower-cased. */
  contentType: string;
  attachments: ParsedAttachment[];
}

export class MailBoundsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailBoundsError';
  }
}
