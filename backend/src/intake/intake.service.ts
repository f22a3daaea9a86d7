import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { IntakeOutcome } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { IntakeLookupsRepository } from './intake-lookups.repository.js';
import { IntakeParseService, Quarantine, type PreparedMail } from './intake-parse.service.js';
import { IntakeRouteService, type Classified, type Routed } from './intake-route.service.js';
import { NewTicketsService, type NewTicketPlan } from './new-tickets.service.js';
import { RawMessagesRepository, type ClaimedRawRow, type IntakeResultRow, type SettledRaw } from './raw-messages.repository.js';
import { RawStore, type RawInput } from './raw-store.js';

export interface IntakeResult {
  rawId: string;
  outcome: IntakeOutcome;
  ticketId: string | null;
  reference: string | null;
  messageId: string | null;
  reason: string | null;
  error: string | null;
}

/** How a processing run left a raw message; handed to the caller's recorder inside the transaction that wrote it. */
export interface SettledIntake {
  outcome: IntakeOutcome;
  ticketId: string | null;
  error: string | null;
}

export interface ProcessOptions {
  reprocess?: boolean;
  wait?: boolean;
  /** Writes the caller's event (a reprocess) in the same transaction as the outcome it records. */
  onSettled?: (tx: EntityManager, settled: SettledIntake) => Promise<void>;
}

/** What a batch decided per message, written on its raw message and told to onSettled. */
interface BatchLedger {
  /** Outcomes not yet written (they are written at each flush, before a full route looks them up). */
  settled: SettledRaw[];
  told: { id: string; settled: SettledIntake }[];
}

const toResult = (row: IntakeResultRow): IntakeResult => ({
  rawId: row.id,
  outcome: row.outcome,
  ticketId: row.ticket_id,
  reference: row.reference,
  messageId: row.message_id,
  reason: row.reason,
  error: row.error,
});

/**
 * The one intake pipeline behind every door (SMTP, IMAP, webhook, import, web form). `accept` commits
 * the raw bytes; processing then takes a batch of raw messages through the stages, in one transaction:
 * parse (IntakeParseService) → classify and route (IntakeRouteService) → persist and effects
 * (NewTicketsService for new tickets, many at once). A message that cannot be taken is quarantined in
 * the same transaction; a batch that fails as a whole is retried one message at a time, so one poison
 * message is quarantined alone and the others go through.
 */
@Injectable()
export class IntakeService {
  private readonly logger = new Logger('Intake');
  private readonly rawStore: RawStore;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
    private readonly raw: RawMessagesRepository,
    private readonly lookups: IntakeLookupsRepository,
    private readonly parse: IntakeParseService,
    private readonly router: IntakeRouteService,
    private readonly newTickets: NewTicketsService,
  ) {
    this.rawStore = new RawStore(dataSource, config.INTAKE_COMMIT_TIMEOUT_MS);
  }

  /** Step 1 for every door: the exact bytes are committed; resolves with the raw message id after commit. */
  accept(input: RawInput): Promise<string> {
    return this.rawStore.store(input);
  }

  /**
   * Step 1 for a bulk door (import): many messages committed in one INSERT; ids in input order.
   * An exact copy of a message still pending from this door (an interrupted import) gets that row's id again.
   */
  acceptMany(inputs: RawInput[]): Promise<string[]> {
    return this.rawStore.storeMany(inputs, { reusePending: true });
  }

  /** accept + process now: for doors that report the outcome (import, web form). */
  async receive(input: RawInput): Promise<IntakeResult> {
    // Wait for the row rather than skip it: another replica's worker may already be processing it.
    return this.process(await this.accept(input), { wait: true });
  }

  /** Processes one pending (or, with `reprocess`, quarantined) raw message; safe to call concurrently. */
  async process(rawId: string, options: ProcessOptions = {}): Promise<IntakeResult> {
    await this.run([rawId], options);
    return this.result(rawId);
  }

  /** Processes pending raw messages as one batch (the import); results in the order of `rawIds`. */
  async processMany(rawIds: string[], options: { wait: boolean }): Promise<IntakeResult[]> {
    await this.run(rawIds, options);
    return (await this.raw.results(rawIds)).map(toResult);
  }

  /** The background worker's step: the ids this call dealt with (the others another process holds, or are no longer pending). */
  processPending(rawIds: string[]): Promise<Set<string>> {
    return this.run(rawIds, {});
  }

  async result(rawId: string): Promise<IntakeResult> {
    const [row] = await this.raw.results([rawId]);
    if (!row) throw new NotFoundException('Raw message not found');
    return toResult(row);
  }

  private async run(rawIds: string[], options: ProcessOptions): Promise<Set<string>> {
    const claimed = new Set<string>();
    // Kept for a quarantine too, so the intake log shows who the mail claimed to be and the verdict.
    const prepared = new Map<string, PreparedMail>();
    try {
      await this.dataSource.transaction(async (tx) => {
        const rows = await this.raw.claim(tx, rawIds, options.reprocess ? ['pending', 'quarantined'] : ['pending'], !options.wait);
        for (const row of rows) claimed.add(row.id);
        if (!rows.length) return;
        const ledger: BatchLedger = { settled: [], told: [] };
        const mails = await this.parseAll(tx, rows, prepared, ledger);
        if (mails.length) {
          await this.raw.lockMessageIds(tx, mails.map((mail) => mail.messageId));
          await this.routeAll(tx, mails, ledger);
        }
        await this.raw.settleMany(tx, ledger.settled);
        if (options.onSettled) for (const { settled } of ledger.told) await options.onSettled(tx, settled);
      });
    } catch (error) {
      if (rawIds.length > 1) {
        // The whole batch rolled back: one at a time, so a poison message is quarantined alone.
        this.logger.warn(`a batch of ${claimed.size} failed (${error instanceof Error ? error.message : String(error)}); processing it one by one`);
        for (const id of rawIds.filter((rawId) => claimed.has(rawId))) {
          await this.run([id], options).catch((single: Error) => this.logger.error(`intake of ${id} failed: ${single.message}`));
        }
        return claimed;
      }
      // Quarantined below: the row has been dealt with, whether or not the claim got that far.
      const [rawId] = rawIds;
      claimed.add(rawId);
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`intake of ${rawId} failed: ${message}`);
      await this.dataSource.transaction(async (tx) => {
        const settled = await this.quarantine(tx, rawId, message, prepared.get(rawId));
        if (settled) await options.onSettled?.(tx, settled);
      });
    }
    return claimed;
  }

  /** The parse stage for every claimed message; one that cannot be parsed is quarantined here. */
  private async parseAll(tx: EntityManager, rows: ClaimedRawRow[], prepared: Map<string, PreparedMail>, ledger: BatchLedger): Promise<PreparedMail[]> {
    // Bytes this process just accepted are handed over in memory: decoding a large bytea costs the event loop.
    const inMemory = new Map(await Promise.all(rows.map(async (row) => [row.id, await this.rawStore.take(row.id)] as const)));
    const stored = await this.raw.bytesOf(
      tx,
      rows.filter((row) => !inMemory.get(row.id)).map((row) => row.id),
    );
    const outcomes = await Promise.all(
      rows.map((row) =>
        this.parse.prepare({ ...row, bytes: inMemory.get(row.id) ?? stored.get(row.id)! }).then(
          (mail) => ({ id: row.id, mail }),
          (error: unknown) => ({ id: row.id, error }),
        ),
      ),
    );
    const mails: PreparedMail[] = [];
    for (const outcome of outcomes) {
      if ('mail' in outcome) {
        prepared.set(outcome.id, outcome.mail);
        mails.push(outcome.mail);
      } else {
        await this.quarantineInBatch(tx, outcome.id, outcome.error, undefined, ledger);
      }
    }
    return mails;
  }

  /**
   * The route stage over a batch, in arrival order. A message that plainly opens a ticket is planned
   * and persisted with the others (NewTicketsService.openMany); any other (a follow-up, a bounce, a
   * repeated Message-ID, the web form) first has the plans before it written, then takes the full
   * route, whose lookups see them: a follow-up threads onto a first message of the same batch.
   */
  private async routeAll(tx: EntityManager, mails: PreparedMail[], ledger: BatchLedger): Promise<void> {
    const plans: { plan: NewTicketPlan; classified: Classified }[] = [];
    const flush = async () => {
      const ticketIds = await this.newTickets.openMany(
        tx,
        plans.map(({ plan }) => plan),
      );
      plans.forEach(({ plan, classified }, index) =>
        this.settle(ledger, plan.mail, {
          outcome: 'created',
          ticketId: ticketIds[index],
          reason: classified.kind === 'list' ? `list mail (${classified.reason}); not acknowledged` : classified.reason,
        }),
      );
      plans.length = 0;
      await this.raw.settleMany(tx, ledger.settled.splice(0));
    };
    let at = 0;
    while (at < mails.length) {
      // Lookups for the rest of the batch, valid until a full route writes something they did not foresee.
      const rest = mails.slice(at);
      const previous = await this.raw.previousMessages(
        tx,
        rest.map((mail) => mail.raw.id),
        rest.map((mail) => mail.messageId),
      );
      const standings = await this.lookups.senderStandings(
        tx,
        rest.flatMap((mail) => (mail.from ? [mail.from] : [])),
      );
      // Journalists the planned tickets will create, and Message-IDs already routed in this stretch.
      const planned = new Set<string>();
      const routedIds = new Set<string>();
      for (; at < mails.length; at++) {
        const mail = mails[at];
        const classified = this.router.classify(mail);
        const repeated = routedIds.has(mail.messageId);
        routedIds.add(mail.messageId);
        let plan: NewTicketPlan | null = null;
        if (!repeated) {
          const standing = mail.from ? standings.get(mail.from) : undefined;
          let screened: ReturnType<IntakeRouteService['screen']>;
          try {
            screened = this.router.screen(
              mail,
              classified,
              previous.filter((row) => row.message_id === mail.messageId),
              standing && mail.from && planned.has(mail.from) ? { ...standing, known: true } : standing,
            );
          } catch (error) {
            await this.quarantineInBatch(tx, mail.raw.id, error, mail, ledger);
            continue;
          }
          if ('outcome' in screened) {
            this.settle(ledger, mail, screened);
            continue;
          }
          plan = this.router.straightNewTicket(mail, classified, screened);
        }
        if (plan) {
          plans.push({ plan, classified });
          if (mail.from) planned.add(mail.from);
          continue;
        }
        await flush();
        try {
          this.settle(ledger, mail, await this.router.route(tx, mail));
        } catch (error) {
          if (!(error instanceof Quarantine)) throw error;
          await this.quarantineInBatch(tx, mail.raw.id, error, mail, ledger);
        }
        at++;
        break;
      }
    }
    await flush();
  }

  private settle(ledger: BatchLedger, mail: PreparedMail, routed: Routed): void {
    ledger.settled.push({
      id: mail.raw.id,
      outcome: routed.outcome,
      reason: routed.reason,
      ticketId: routed.ticketId,
      messageId: mail.messageId,
      fromAddress: mail.from,
      subject: mail.subject,
      contentHash: mail.parsed.contentHash,
      senderAuthStatus: mail.verdict.status,
      senderAuthReason: mail.verdict.reason.slice(0, 2000),
      senderDmarcPolicy: mail.verdict.dmarcPolicy,
    });
    ledger.told.push({ id: mail.raw.id, settled: { outcome: routed.outcome, ticketId: routed.ticketId, error: null } });
  }

  private async quarantineInBatch(tx: EntityManager, rawId: string, error: unknown, mail: PreparedMail | undefined, ledger: BatchLedger): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof Quarantine)) this.logger.error(`intake of ${rawId} failed: ${message}`);
    const settled = await this.quarantine(tx, rawId, message, mail);
    if (settled) ledger.told.push({ id: rawId, settled });
  }

  private async quarantine(tx: EntityManager, rawId: string, message: string, mail: PreparedMail | undefined): Promise<SettledIntake | null> {
    const row = await this.raw.quarantine(tx, {
      id: rawId,
      error: message.slice(0, 2000),
      messageId: mail?.messageId ?? null,
      fromAddress: mail?.from ?? null,
      subject: mail?.subject ?? null,
      senderAuthStatus: mail?.verdict.status ?? null,
      senderAuthReason: mail?.verdict.reason.slice(0, 2000) ?? null,
      senderDmarcPolicy: mail?.verdict.dmarcPolicy ?? null,
    });
    return row ? { outcome: 'quarantined', ticketId: row.ticketId, error: row.error } : null;
  }
}
