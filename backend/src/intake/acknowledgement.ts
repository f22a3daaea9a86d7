import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { OutboundMessage } from '../outbound/outbound-message.entity.js';
import { marked } from 'marked';
import { safeSubject } from '../outbound/addresses.js';
import { renderTemplate } from '../outbound/template-render.js';
import { sanitiseMailHtml } from './html-sanitiser.js';
import { signedMessageId } from './message-ids.js';

export interface AcknowledgementInput {
  ticketId: string;
  reference: string;
  subject: string;
  to: { name: string | null; address: string };
  inReplyTo: string | null;
  references: string[];
}

/** Our own reply subject: one `Re:` and the reference once. */
export function replySubject(subject: string, reference: string): string {
  const base = subject.replace(/\s*\[ND-\d+\]\s*/gi, ' ').replace(/^\s*(re\s*:\s*)+/i, '').trim() || '(no subject)';
  return `Re: ${base} [${reference}]`;
}

/**
 * Queues the automatic acknowledgement in the caller's transaction, unless this address already
 * got ACK_RATE_LIMIT_PER_HOUR of them in the last hour (returns false then).
 */
export async function queueAcknowledgement(
  tx: EntityManager,
  config: AppConfig,
  messageIdKey: Buffer,
  input: AcknowledgementInput,
): Promise<boolean> {
  const [{ count }] = (await tx.query(
    `SELECT count(*)::int AS count FROM outbound_messages
      WHERE kind = 'acknowledgement' AND to_addresses->0->>'address' = $1 AND created_at > now() - interval '1 hour'`,
    [input.to.address],
  )) as { count: number }[];
  if (count >= config.ACK_RATE_LIMIT_PER_HOUR) return false;

  const rfcMessageId = signedMessageId(messageIdKey, config.MAIL_DOMAIN).replace(/^<|>$/g, '');
  const [template] = (await tx.query(
    `SELECT body FROM templates WHERE kind = 'acknowledgement' AND active ORDER BY updated_at DESC LIMIT 1`,
  )) as { body: string }[];
  const references = [...input.references, ...(input.inReplyTo ? [input.inReplyTo] : [])];
  const greeting = input.to.name ? `Dear ${input.to.name},` : 'Hello,';
  const text = template
    ? renderTemplate(template.body, { 'journalist.name': input.to.name, 'ticket.reference': input.reference, 'ticket.deadline': null, 'officer.name': null })
    : [
    greeting,
    '',
    `Thank you for your inquiry. It has reached the press office and has the reference ${input.reference}.`,
    'A press officer will come back to you; if you have a deadline, reply to this message and tell us.',
    'Please keep the reference in the subject when you write again.',
    '',
    'This is an automatic acknowledgement.',
  ].join('\n');
  const html = template ? sanitiseMailHtml(marked.parse(text, { async: false, gfm: true, breaks: true }) as string, { cidUrls: new Map() }).html : null;
  await tx.getRepository(OutboundMessage).insert({
    kind: 'acknowledgement',
    ticketId: input.ticketId,
    fromAddress: config.intakeAddresses[0],
    toAddresses: [input.to],
    subject: safeSubject(replySubject(input.subject, input.reference)),
    text,
    html,
    headers: {
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
      ...(input.inReplyTo ? { 'In-Reply-To': `<${input.inReplyTo}>` } : {}),
      ...(references.length ? { References: references.map((id) => `<${id}>`).join(' ') } : {}),
    },
    rfcMessageId,
  });
  return true;
}
