import type { Page } from './api.js';
import type { RequestType, TicketOutcome } from './tickets.js';

export const MESSAGE_KINDS = ['inbound', 'outbound', 'note'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The ways a raw message can reach the intake pipeline. */
export const INTAKE_DOORS = ['smtp', 'imap', 'webhook', 'import', 'web'] as const;
export type IntakeDoor = (typeof INTAKE_DOORS)[number];

export const INTAKE_OUTCOMES = [
  'pending',
  'created',
  'appended',
  'duplicate',
  'bounce',
  'auto_reply',
  'quarantined',
] as const;
export type IntakeOutcome = (typeof INTAKE_OUTCOMES)[number];

/** Whether an inbound message's sender was shown to be who its From says (SPF/DKIM/DMARC, or a trusted server's report). */
export const SENDER_AUTH_STATUSES = ['verified', 'unverified', 'failed'] as const;
export type SenderAuthStatus = (typeof SENDER_AUTH_STATUSES)[number];

export const DMARC_POLICIES = ['none', 'quarantine', 'reject'] as const;
export type DmarcPolicy = (typeof DMARC_POLICIES)[number];

/** The sender-authentication verdict stored with an inbound message. */
export interface SenderAuthDto {
  status: SenderAuthStatus;
  /** Human-readable: which checks passed or failed, and who reported them. */
  reason: string;
  /** The DMARC policy the From domain publishes, when one was seen. */
  dmarcPolicy: DmarcPolicy | null;
}

export interface AddressDto {
  name: string | null;
  address: string;
}

export interface AttachmentDto {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
}

/** `cancelled`: the officer undid the send, or cancelled a scheduled one, before it went out. */
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Where an outbound message stands in the outbox. */
export interface DeliveryDto {
  status: DeliveryStatus;
  attempts: number;
  /** The receiving server's answer (or the outbox file) once sent. */
  response: string | null;
  error: string | null;
  sentAt: string | null;
  /** While queued and never tried: when it may go out (end of the undo window, or the scheduled time). */
  dueAt: string | null;
  /** The time the officer chose for a scheduled send; null for an immediate one. */
  scheduledFor: string | null;
  /** Set once sent: `smtp` = a mail server accepted it; `outbox` = written to the local outbox folder (no mail server configured). */
  via: DeliveryRoute | null;
}

export const DELIVERY_ROUTES = ['smtp', 'outbox'] as const;
export type DeliveryRoute = (typeof DELIVERY_ROUTES)[number];

/** Which header (or the SMTP envelope) the sender of an inbound message was taken from. */
export const SENDER_SOURCES = ['from', 'reply-to', 'sender', 'envelope'] as const;
export type SenderSource = (typeof SENDER_SOURCES)[number];

export interface MessageDto {
  id: string;
  kind: MessageKind;
  from: AddressDto | null;
  to: AddressDto[];
  cc: AddressDto[];
  subject: string | null;
  text: string | null;
  /** Server-sanitised HTML; safe to render in an isolated frame. */
  html: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  author: { id: string; name: string } | null;
  attachments: AttachmentDto[];
  /** e.g. `delivery_failure`, `auto_reply`, `forwarded`, `message_id_conflict`, `sender_not_verified`. */
  flags: string[];
  /** What the sender newly wrote (quoted history and signature trimmed); `text` keeps everything. */
  newText: string | null;
  /** Remote images blocked in `html`; the viewer may choose to load them. */
  remoteImages: number;
  /** Inbound messages only (null for older mail and for replies and notes). */
  senderAuth: SenderAuthDto | null;
  /** Inbound only: where `from` came from when the From: header was missing or unusable (else `from`). */
  senderSource: SenderSource | null;
  /** Inbound only: further From: header values the message carried besides the one shown. */
  otherFrom: string[];
  /** Outbound messages only. */
  delivery: DeliveryDto | null;
  /** Set when the reply needed sign-off: pending replies have not been sent. */
  approval: { id: string; status: 'pending' | 'approved' | 'rejected'; reason: string; comment: string | null } | null;
  createdAt: string;
}

/** One row of the intake log. */
export interface IntakeMessageDto {
  id: string;
  door: IntakeDoor;
  receivedAt: string;
  processedAt: string | null;
  from: string | null;
  subject: string | null;
  size: number;
  outcome: IntakeOutcome;
  reason: string | null;
  error: string | null;
  attempts: number;
  messageId: string | null;
  ticket: { id: string; reference: string } | null;
  /** The sender check, once processed (also for quarantined mail). */
  senderAuth: SenderAuthDto | null;
}

/** What a door or the reprocess action reports for one message. */
export interface IntakeResultDto {
  rawId: string;
  outcome: IntakeOutcome;
  ticketId: string | null;
  reference: string | null;
  messageId: string | null;
  reason: string | null;
  error: string | null;
}

/** One watched IMAP folder, as seen from the replica answering. */
export interface ImapMailboxStatusDto {
  name: string;
  folder: string;
  connected: boolean;
  owned: boolean;
  lastError: string | null;
  lastSuccessAt: string | null;
  lastUid: number | null;
}

export interface IntakeHealthDto {
  imap: ImapMailboxStatusDto[];
  pending: number;
  oldestPendingSeconds: number | null;
  quarantined: number;
  last24h: Partial<Record<IntakeOutcome, number>>;
  lastReceivedAt: Partial<Record<IntakeDoor, string>>;
}

export const TEMPLATE_KINDS = ['acknowledgement', 'reply'] as const;

/** Languages mail is written in (the server holds the texts, one file per language). */
export const MAIL_LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'French' },
] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** Variables a template may use, as `{{journalist.name}}`. */
export const TEMPLATE_VARIABLES = ['journalist.name', 'ticket.reference', 'ticket.deadline', 'officer.name'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export interface TemplateDto {
  id: string;
  kind: TemplateKind;
  name: string;
  body: string;
  /** The body rendered with sample values, as server-sanitised HTML: what staff preview. */
  previewHtml: string;
  /** ISO 639-1 code; an acknowledgement goes to inquiries in this language. Null = any language. */
  language: string | null;
  active: boolean;
  updatedAt: string;
}

export interface UploadDto {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export const OUTBOUND_KINDS = ['acknowledgement', 'reply', 'notification', 'test'] as const;
export type OutboundKind = (typeof OUTBOUND_KINDS)[number];

/** One mail in the outbox list. */
export interface OutboxItemDto {
  id: string;
  kind: OutboundKind;
  status: DeliveryStatus;
  to: AddressDto[];
  subject: string;
  attempts: number;
  lastError: string | null;
  response: string | null;
  createdAt: string;
  sentAt: string | null;
  /** How it left once sent (see DeliveryDto.via). */
  via: DeliveryRoute | null;
  /** The From display name as sent. */
  fromName: string;
  /** The plain-text part as the journalist reads it; null for mail to staff (notices may carry sign-in links). */
  text: string | null;
  ticket: { id: string; reference: string } | null;
}

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export interface ApprovalVersionDto {
  version: number;
  body: string;
  /** The body as the journalist will see it: server-rendered, sanitised HTML (no signature). */
  html: string;
  editedBy: { id: string; name: string } | null;
  createdAt: string;
}

/** A reply waiting for (or given) sign-off before it goes out. */
export interface ApprovalDto {
  id: string;
  status: ApprovalStatus;
  reason: string;
  ticket: { id: string; reference: string; subject: string };
  messageId: string;
  to: AddressDto[];
  requestedBy: { id: string; name: string } | null;
  decidedBy: { id: string; name: string } | null;
  decidedAt: string | null;
  comment: string | null;
  versions: ApprovalVersionDto[];
  createdAt: string;
}

export interface ApprovalRuleDto {
  id: string;
  kind: 'all_statements' | 'topic' | 'outlet_tier';
  value: string | null;
  createdAt: string;
}

/** `POST /api/templates`. */
export interface CreateTemplateRequest {
  kind: TemplateKind;
  name: string;
  body: string;
  active?: boolean;
  /** ISO 639-1 code; null = any language. */
  language?: string | null;
}

/** `PATCH /api/templates/:id`: the kind of a template never changes. */
export type UpdateTemplateRequest = Partial<Omit<CreateTemplateRequest, 'kind'>>;

/** `GET /api/outbox`: a page of the outbox and how mail leaves. */
export interface OutboxPageDto extends Page<OutboxItemDto> {
  /** `smtp` sends to SMTP_URL; `outbox` only appends to the local outbox folder's mbox files. */
  mode: 'smtp' | 'outbox';
}

/** `POST /api/approvals/:id/approve`. */
export interface ApproveRequest {
  /** An edited text: approving locks it as a new version. */
  body?: string;
  comment?: string;
}

/** `POST /api/approval-rules` (admins). */
export interface CreateApprovalRuleRequest {
  kind: ApprovalRuleDto['kind'];
  /** The topic (tag) or outlet tier; none for `all_statements`. */
  value?: string;
}

/** The status a reply may set on its ticket ("Send and mark …"). */
export const REPLY_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

/** `POST /api/tickets/:id/replies`. */
export interface CreateReplyRequest {
  /** Markdown (default) or HTML; optional when a template is given. */
  body?: string;
  format?: 'markdown' | 'html';
  /** Recipient addresses; default: the ticket's journalist. */
  to?: string[];
  cc?: string[];
  /** Files uploaded with POST /api/uploads. */
  uploadIds?: string[];
  templateId?: string;
  /** "Send and mark …". */
  status?: ReplyStatus;
  outcome?: TicketOutcome;
  /** A statement on the record: approval rules for statements apply. */
  statement?: boolean;
  /** Held for an approver even when no rule requires it. */
  submitForApproval?: boolean;
  /** Scheduled send (ISO 8601 with a time zone, within a year): the outbox holds the mail until then. */
  sendAt?: string;
}

/** `POST /api/tickets/outbound`: a new mail to a journalist (a pitch, a follow-up) opens a ticket whose first message is ours. */
export interface CreateOutboundTicketRequest extends CreateReplyRequest {
  subject: string;
  /** An existing journalist; otherwise the first `to` address is found or created as one. */
  journalistId?: string;
  /** The name for a new journalist created from the first `to` address. */
  journalistName?: string;
  deadlineAt?: string;
  requestType?: RequestType;
}
