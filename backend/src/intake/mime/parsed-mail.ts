import type { AddressDto, SenderSource } from '@newsdesk/shared';

/** Inline images in sanitised HTML point at `/api/attachments/<ATTACHMENT_PLACEHOLDER><index>__` until ids exist. */
export const ATTACHMENT_PLACEHOLDER = '__newsdesk_attachment_';

export interface ParsedAttachment {
  filename: string | null;
  contentType: string;
  contentDisposition: string | null;
  contentId: string | null;
  /** An inline part referenced from the HTML (multipart/related). */
  related: boolean;
  content: Buffer;
  sha256: string;
}

/** What the intake pipeline needs from a parsed mail; plain data, so it crosses the worker boundary. */
export interface ParsedMail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: AddressDto | null;
  /** Which header `from` came from; null when no header held a valid mailbox (the envelope may). */
  senderSource: SenderSource | null;
  /** Further From: values (decoded) besides the one that won. */
  otherFrom: string[];
  replyTo: AddressDto[];
  to: AddressDto[];
  cc: AddressDto[];
  date: string | null;
  /** Decoded plain text (from the HTML when there is no text part), NUL removed. */
  text: string | null;
  /** Decoded HTML as sent (unsafe), NUL removed. */
  html: string | null;
  /** Sanitised HTML; inline images reference `/api/attachments/<placeholder><index>__`. */
  sanitisedHtml: string | null;
  remoteImages: number;
  /** What the sender newly wrote: quoted history and signature trimmed. */
  newText: string | null;
  /** The deadline read from newText (ISO), found on the parse worker: chrono-node is costly on the main thread. */
  deadline: string | null;
  /** Over text, HTML and attachments: tells a true duplicate from a reused Message-ID. */
  contentHash: string;
  /** Raw header lines, unfolded: [lower-cased name, value]. */
  headers: [string, string][];
  /** Top-level Content-Type with parameters, lower-cased. */
  contentType: string;
  attachments: ParsedAttachment[];
}

export interface ParseLimits {
  maxParts: number;
  maxNesting: number;
  maxHeaderBytes: number;
  timeoutMs: number;
}

/** What the deadline search needs besides the mail: when it arrived (if it has no valid Date:) and the office's zone. */
export interface DeadlineContext {
  receivedAt: number;
  timeZone: string;
}

export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
  limits: ParseLimits;
  deadline: DeadlineContext;
}

export interface ParseResponse {
  id: number;
  result?: ParsedMail;
  bounds?: string;
  error?: string;
}

export class MailBoundsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailBoundsError';
  }
}
