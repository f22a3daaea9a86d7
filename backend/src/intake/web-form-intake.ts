import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { networkOf, webFormThrottleKey } from '../public-inquiries/web-form-throttle.service.js';
import type { AcknowledgementQuota } from '../outbound/acknowledgements.service.js';
import type { TicketBatchService } from '../tickets/ticket-batch.service.js';
import type { IntakeLookupsRepository } from './intake-lookups.repository.js';

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
  lookups: IntakeLookupsRepository,
  tickets: TicketBatchService,
  ticket: { id: string; journalistId: string | null },
  sender: string | null,
  text: string,
): Promise<string | null> {
  if (!sender) return null;
  for (const match of text.matchAll(REFERENCE)) {
    const named = await tickets.idByNumber(tx, match[1], ticket.id);
    if (named && (await lookups.isParticipant(tx, named, sender))) return tickets.markPossibleDuplicate(tx, ticket.id, named);
  }
  if (!ticket.journalistId) return null;
  const latest = await tickets.latestOfJournalist(tx, ticket.journalistId, ticket.id, RECENT_DAYS);
  return latest ? tickets.markPossibleDuplicate(tx, ticket.id, latest) : null;
}
