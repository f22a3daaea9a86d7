import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { networkOf, webFormThrottleKey } from '../public-inquiries/web-form-throttle.service.js';
import type { AcknowledgementQuota } from './acknowledgement.js';
import { isParticipant } from './threading.js';

const REFERENCE = /\bND-(\d{1,18})\b/gi;
const RECENT_DAYS = 30;

/**
 * Daily quotas on the acknowledgements the web form causes, per recipient and per sending network,
 * keyed like the form's own rate limits (keyed hashes, so erasure can find them and nobody can read them).
 */
export function webFormAcknowledgementQuotas(config: AppConfig, webFormKey: Buffer, recipient: string, source: string | null): AcknowledgementQuota[] {
  return [
    { scope: 'web-recipient', key: webFormThrottleKey(webFormKey, 'email', recipient), limit: config.WEB_FORM_ACK_MAX_PER_RECIPIENT_PER_DAY, windowSeconds: 86_400 },
    ...(source
      ? [{ scope: 'web-network', key: webFormThrottleKey(webFormKey, 'ip', networkOf(source)), limit: config.WEB_FORM_ACK_MAX_PER_IP_PER_DAY, windowSeconds: 86_400 }]
      : []),
  ];
}

/**
 * The web form never threads (anyone can type any address and any reference), so a new web ticket
 * records which ticket it is possibly the same as, for staff to merge: a ticket it names (ND-n)
 * that the typed address took part in, else that journalist's latest open or recent ticket.
 */
export async function suggestPossibleDuplicate(
  tx: EntityManager,
  ticket: { id: string; journalistId: string | null },
  sender: string | null,
  text: string,
): Promise<string | null> {
  if (!sender) return null;
  for (const match of text.matchAll(REFERENCE)) {
    const [named] = (await tx.query('SELECT id FROM tickets WHERE number = $1 AND id <> $2', [match[1], ticket.id])) as { id: string }[];
    if (named && (await isParticipant(tx, named.id, sender))) return record(tx, ticket.id, named.id);
  }
  if (!ticket.journalistId) return null;
  const [latest] = (await tx.query(
    `SELECT id FROM tickets
      WHERE journalist_id = $1 AND id <> $2
        AND (status <> 'closed' OR last_activity_at > now() - make_interval(days => $3))
      ORDER BY last_activity_at DESC LIMIT 1`,
    [ticket.journalistId, ticket.id, RECENT_DAYS],
  )) as { id: string }[];
  return latest ? record(tx, ticket.id, latest.id) : null;
}

async function record(tx: EntityManager, ticketId: string, duplicateOfId: string): Promise<string> {
  await tx.query('UPDATE tickets SET possible_duplicate_of_id = $2 WHERE id = $1', [ticketId, duplicateOfId]);
  return duplicateOfId;
}
