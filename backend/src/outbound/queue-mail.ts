import type { AddressDto, OutboundKind } from '@newsdesk/shared';
import type { EntityManager } from 'typeorm';
import { signedMessageId } from '../intake/message-ids.js';
import { OutboundMessage } from './outbound-message.entity.js';
import { OutboxQueueRepository, type GeneratedNotificationMail } from './outbox.repository.js';

export type { GeneratedNotificationMail } from './outbox.repository.js';

/** Outbound's entry points for modules below it (tickets, auth, notifications): no injection, they run in the caller's manager. */
const outbox = new OutboxQueueRepository();

export interface QueuedMail {
  kind: OutboundKind;
  ticketId?: string | null;
  messageId?: string | null;
  from: string;
  /** The From display name; unset = MAIL_FROM_NAME. */
  fromName?: string | null;
  to: AddressDto[];
  cc?: AddressDto[];
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string>;
  /** Our signed Message-ID without brackets; generated when not given. */
  rfcMessageId?: string;
  /** The worker may not send it before this time (the undo window or a scheduled send); default: at once. */
  notBefore?: Date;
  /** The time the officer chose, shown on the thread as "scheduled for …". */
  scheduledFor?: Date | null;
}

/** Puts a mail in the outbox inside the caller's transaction: it is sent only if that transaction commits. */
export async function queueMail(tx: EntityManager, mail: QueuedMail, key: Buffer, domain: string): Promise<OutboundMessage> {
  return outbox.insert(tx, {
    kind: mail.kind,
    ticketId: mail.ticketId ?? null,
    messageId: mail.messageId ?? null,
    fromAddress: mail.from,
    fromName: mail.fromName ?? null,
    toAddresses: mail.to,
    ccAddresses: mail.cc ?? [],
    subject: mail.subject,
    text: mail.text,
    html: mail.html ?? null,
    headers: mail.headers ?? {},
    rfcMessageId: mail.rfcMessageId ?? signedMessageId(key, domain).replace(/^<|>$/g, ''),
    scheduledFor: mail.scheduledFor ?? null,
    ...(mail.notBefore ? { nextAttemptAt: mail.notBefore } : {}),
  });
}

/** The reply rows of a ticket, for the thread's delivery state; `db` is the pool's manager or a transaction. */
export function replyDeliveries(db: EntityManager, ticketId: string): Promise<OutboundMessage[]> {
  return outbox.findTicketReplies(db, ticketId);
}

/** Which of these Message-IDs are queued already (a periodic mail checks before it renders). */
export function queuedRfcMessageIds(db: EntityManager, rfcMessageIds: string[]): Promise<string[]> {
  return outbox.findQueuedRfcMessageIds(db, rfcMessageIds);
}

/** Queues a generated notification once per Message-ID (unique in the outbox); true when this call queued it. */
export function queueNotificationOnce(db: EntityManager, mail: GeneratedNotificationMail): Promise<boolean> {
  return outbox.insertNotificationOnce(db, mail);
}
