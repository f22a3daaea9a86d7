import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { ErasureSummaryDto } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { isUuid } from '../common/ids.js';
import { AppSecrets } from '../config/app-secrets.js';
import { EventsService } from '../events/events.service.js';
import { IntakeService } from '../intake/intake.service.js';
import { greetingRedactions } from '../outbound/acknowledgements/acknowledgement-languages.js';
import { OutboundErasureService } from '../outbound/outbound-erasure.service.js';
import { WebFormThrottleService, webFormThrottleKey } from '../public-inquiries/web-form-throttle.service.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { ContactsService } from '../contacts/contacts.service.js';
import type { JournalistIdentityRow } from '../contacts/journalists.repository.js';
import { MessagesService } from '../messages/messages.service.js';
import { TicketRecordsService } from '../tickets/ticket-records.service.js';

const ERASED_ADDRESS = 'erased@invalid';
const REMOVED = '[removed: personal data erased]';

export type ErasureSummary = ErasureSummaryDto;

type JournalistRow = JournalistIdentityRow;

/**
 * Personal data of journalists: export on request, erasure on request, and anonymisation after
 * the retention period. Erasure removes their data from every place it was stored (contact record,
 * their messages and attachments, raw mail, addresses on our replies and in the outbox, the event
 * log, the search text) while tickets keep their timestamps, so metrics stay true.
 */
@Injectable()
export class PrivacyService {
  private readonly logger = new Logger('Privacy');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly secrets: AppSecrets,
    private readonly outbound: OutboundErasureService,
    private readonly webForm: WebFormThrottleService,
    private readonly contacts: ContactsService,
    private readonly tickets: TicketRecordsService,
    private readonly messages: MessagesService,
    private readonly attachments: AttachmentsService,
    private readonly intake: IntakeService,
  ) {}

  async export(journalistId: string, actor: RequestUser): Promise<Record<string, unknown>> {
    const journalist = await this.find(journalistId);
    const tickets = await this.tickets.forJournalistExport(journalist.id);
    const messages = await this.messages.forExport(tickets.map((ticket) => ticket.id), journalist.email?.toLowerCase() ?? '');
    await this.events.recordOutsideTransaction({ type: 'privacy.exported', entityType: 'journalist', entityId: journalist.id, actorId: actor.id });
    const { id, name, email, phone } = journalist;
    const record = await this.contacts.exportRecord(id);
    return { exportedAt: new Date().toISOString(), journalist: { id, name, email, phone, ...record }, tickets, messages };
  }

  async erase(journalistId: string, confirm: string | undefined, actor: RequestUser | null): Promise<ErasureSummary> {
    const journalist = await this.find(journalistId);
    if (actor && journalist.email && confirm?.trim().toLowerCase() !== journalist.email) {
      throw new BadRequestException('confirm must repeat the journalist\'s email address to erase their data');
    }
    return this.dataSource.transaction(async (tx) => {
      const summary = await this.eraseIn(tx, journalist);
      await this.events.record(
        { type: actor ? 'privacy.erased' : 'privacy.anonymised', entityType: 'journalist', entityId: journalist.id, actorId: actor?.id ?? null, after: { ...summary } },
        tx,
      );
      return summary;
    });
  }

  /** Anonymises journalists whose last inquiry is older than `months`; returns how many. */
  async applyRetention(months: number): Promise<number> {
    if (months <= 0) return 0;
    const due = await this.contacts.dueForAnonymisation(months);
    for (const id of due) await this.erase(id, undefined, null);
    if (due.length) this.logger.log(`anonymised ${due.length} journalist(s) past the ${months}-month retention period`);
    return due.length;
  }

  /**
   * Managers' digests belong to no ticket but list missed deadlines with the journalist's name and
   * address (text, HTML and CSV). One that names one of their tickets loses its content; one still
   * queued is dropped, so the next refresh renders it again from the erased records.
   */
  private async eraseFromDigests(tx: EntityManager, tickets: string[]): Promise<void> {
    const references = await this.tickets.references(tx, tickets);
    await this.outbound.eraseDigestsMentioning(tx, references, REMOVED);
  }

  private async eraseIn(tx: EntityManager, journalist: JournalistRow): Promise<ErasureSummary> {
    const email = journalist.email?.toLowerCase() ?? null;
    // Every address they wrote from: the main one and the aliases merged duplicates left behind.
    const addresses = [email, ...journalist.aliases.map((alias) => alias.toLowerCase())].filter((address): address is string => !!address);
    const name = journalist.name && journalist.name.trim().length >= 3 ? journalist.name.trim() : null;
    const tickets = await this.tickets.idsOfJournalist(tx, journalist.id);
    // The names their mail carried (greetings used them), read before their messages are emptied.
    const mailNames = await this.messages.inboundSenderNames(tx, tickets);
    const theirs = await this.messages.inboundFrom(tx, tickets, addresses);
    const messageIds = theirs.map((row) => row.id);

    const attachmentCount = await this.attachments.eraseForMessages(tx, messageIds);
    await this.messages.eraseContent(tx, messageIds, REMOVED);
    const rawIds = theirs.map((row) => row.raw_message_id).filter((id): id is string => !!id);
    const rawCount = await this.intake.eraseRawMessages(tx, rawIds, addresses);

    // The sent bytes of our mail to them hold their name and address: dropped, so the .eml download is recomposed from the redacted row.
    await this.outbound.dropSentBytes(tx, tickets, addresses);
    for (const address of addresses) {
      await this.messages.redactRecipient(tx, address, ERASED_ADDRESS);
      await this.outbound.replaceRecipient(tx, address, ERASED_ADDRESS);
    }
    // The web form's rate-limit rows hold keyed hashes of the addresses: gone too, not left to expire.
    const emailKeys = addresses.map((address) => webFormThrottleKey(this.secrets.webFormKey, 'email', address));
    await this.webForm.forget(tx, emailKeys);
    await this.outbound.forgetAcknowledgementQuotas(tx, emailKeys);
    // Our own replies to them keep their content, without the journalist's name or address in it.
    const identifying = [...addresses, name].filter((item): item is string => !!item);
    for (const value of identifying) {
      await this.messages.replaceInStaffText(tx, tickets, value, '[name removed]');
      await this.outbound.replaceTextOnTickets(tx, tickets, value, '[name removed]');
    }
    // The event log is append-only except for this routine, in this transaction.
    await this.events.redactIn(tx, identifying);
    // Greetings by first name ("Dear Élodie,", "Bonjour Élodie,") in acknowledgements and statements lose the name too.
    for (const [named, nameless] of [journalist.name, ...mailNames].flatMap((each) => greetingRedactions(each))) {
      await this.messages.replaceInStaffText(tx, tickets, named, nameless);
      await this.outbound.replaceTextOnTickets(tx, tickets, named, nameless);
    }
    await this.eraseFromDigests(tx, tickets);
    await this.tickets.rebuildSearchText(tx, tickets);
    await this.contacts.anonymise(tx, journalist.id);
    return { journalistId: journalist.id, tickets: tickets.length, messages: messageIds.length, rawMessages: rawCount, attachments: attachmentCount };
  }

  private async find(id: string): Promise<JournalistRow> {
    const row = isUuid(id) ? await this.contacts.identity(id) : null;
    if (!row) throw new NotFoundException('Journalist not found');
    return row;
  }
}
