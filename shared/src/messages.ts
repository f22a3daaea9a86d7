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

export interface IntakeHealthDto {
  pending: number;
  oldestPendingSeconds: number | null;
  quarantined: number;
  last24h: Partial<Record<IntakeOutcome, number>>;
  lastReceivedAt: Partial<Record<IntakeDoor, string>>;
}
