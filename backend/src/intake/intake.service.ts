import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { IntakeOutcome } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isTransientFailure } from '../common/database-errors.js';
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

/**
 * Once half a batch is parsed, the rest get twice as long again (at least this long); a message still
 * waiting then (a slow DNS answer: seconds, not milliseconds) goes to a later batch. Relative, so a
 * busy machine's slower parses do not split batches.
 */
const STRAGGLER_MS = 250;
/** A parse kept for a later batch is dropped after this if no batch takes it (another replica did). */
const KEPT_PARSE_MS = 60_000;

/** A message whose transaction lost a race (deadlock, serialization) is run again this often before it is quarantined. */
const TRANSIENT_ATTEMPTS = 3;

/** What a processing call did with the ids it was given. */
export interface BatchRun {
  /** Dealt with here: processed, quarantined, or no longer pending. */
  claimed: Set<string>;
  /** Left pending for a later batch: their parse or sender check was still running (it goes on, and is kept). */
  deferred: string[];
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
  /** Parses still running (or done) for messages a batch could not wait for; the next batch that claims them takes them. */
  private readonly kept = new Map<string, Promise<PreparedMail>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
    private readonly raw: RawMessagesRepository,
    private readonly lookups: IntakeLookupsRepository,
    private readonly parse: IntakeParseService,
    private readonly router: IntakeRouteService,
    private readonly newTickets: NewTicketsService,
  ) {
    this.rawStore = new RawStore(dataSource, raw, config.INTAKE_COMMIT_TIMEOUT_MS);
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

  /**
   * The import's step: a batch stored and processed in ONE transaction, results in input order. Its rows
   * are never seen pending, so no intake worker (the server's, woken by the insert) races the import for
   * them, and a batch costs one commit. A batch that fails as a whole is stored first and then processed
   * one message at a time (processMany), so a bad message is quarantined alone and nothing is lost.
   */
  async importMany(inputs: RawInput[]): Promise<IntakeResult[]> {
    if (!inputs.length) return [];
    let ids: string[] = [];
    try {
      await this.dataSource.transaction(async (tx) => {
        ids = await this.rawStore.storeManyIn(tx, inputs, true);
        // wait: a reused pending row (an interrupted run's) may be in another worker's hands: its outcome is read once it is done.
        await this.runIn(tx, ids, { wait: true }, null, new Set(), new Map());
      });
    } catch (error) {
      this.rawStore.forget(ids);
      this.logger.warn(`an import batch of ${inputs.length} failed (${error instanceof Error ? error.message : String(error)}); storing it, then processing it one by one`);
      return this.processMany(await this.acceptMany(inputs), { wait: true });
    }
    return (await this.raw.results(ids)).map(toResult);
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

  /**
   * The background worker's step: the ids this call dealt with (the others another process holds), and
   * those it left pending because their parse was not done when the rest of the batch was.
   */
  processPending(rawIds: string[]): Promise<BatchRun> {
    return this.run(rawIds, {}, true);
  }

  /** Erasure of a journalist (privacy): their raw messages keep no bytes, sender or subject; how many were erased. */
  eraseRawMessages(tx: EntityManager, rawIds: string[], addresses: string[]): Promise<number> {
    return this.raw.eraseSenders(tx, rawIds, addresses);
  }

  async result(rawId: string): Promise<IntakeResult> {
    const [row] = await this.raw.results([rawId]);
    if (!row) throw new NotFoundException('Raw message not found');
    return toResult(row);
  }

  private async run(rawIds: string[], options: ProcessOptions, deferStragglers = false, attempt = 1): Promise<BatchRun> {
    const claimed = new Set<string>();
    const deferred: string[] = [];
    // Kept for a quarantine too, so the intake log shows who the mail claimed to be and the verdict.
    const prepared = new Map<string, PreparedMail>();
    try {
      await this.dataSource.transaction((tx) => this.runIn(tx, rawIds, options, deferStragglers ? deferred : null, claimed, prepared));
    } catch (error) {
      if (rawIds.length > 1) {
        // The whole batch rolled back: one at a time, so a poison message is quarantined alone.
        this.logger.warn(`a batch of ${claimed.size} failed (${error instanceof Error ? error.message : String(error)}); processing it one by one`);
        for (const id of rawIds.filter((rawId) => claimed.has(rawId) || deferred.includes(rawId))) {
          claimed.add(id);
          await this.run([id], options).catch((single: Error) => this.logger.error(`intake of ${id} failed: ${single.message}`));
        }
        return { claimed, deferred: [] };
      }
      const [rawId] = rawIds;
      // A lost race is no fault of the message: run it again (a new transaction sees the winner's rows).
      if (isTransientFailure(error) && attempt < TRANSIENT_ATTEMPTS) return this.run(rawIds, options, false, attempt + 1);
      // Quarantined below: the row has been dealt with, whether or not the claim got that far.
      claimed.add(rawId);
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`intake of ${rawId} failed: ${message}`);
      await this.dataSource.transaction(async (tx) => {
        const settled = await this.quarantine(tx, rawId, message, prepared.get(rawId));
        if (settled) await options.onSettled?.(tx, settled);
      });
    }
    return { claimed, deferred };
  }

  /** The stages over `rawIds` inside `tx`: claim, parse, route, settle. */
  private async runIn(
    tx: EntityManager,
    rawIds: string[],
    options: ProcessOptions,
    deferred: string[] | null,
    claimed: Set<string>,
    prepared: Map<string, PreparedMail>,
  ): Promise<void> {
    const rows = await this.raw.claim(tx, rawIds, options.reprocess ? ['pending', 'quarantined'] : ['pending'], !options.wait);
    for (const row of rows) claimed.add(row.id);
    if (!rows.length) return;
    const ledger: BatchLedger = { settled: [], told: [] };
    const mails = await this.parseAll(tx, rows, prepared, ledger, deferred && rows.length > 1 ? deferred : null);
    for (const id of deferred ?? []) claimed.delete(id);
    if (mails.length) {
      await this.raw.lockMessageIds(tx, mails.map((mail) => mail.messageId));
      await this.routeAll(tx, mails, ledger);
    }
    await this.raw.settleMany(tx, ledger.settled);
    if (options.onSettled) for (const { settled } of ledger.told) await options.onSettled(tx, settled);
  }

  /**
   * The parse stage for every claimed message; one that cannot be parsed is quarantined here. With
   * `deferred`, messages still parsing well after half the batch was done (STRAGGLER_MS) are left out
   * (their ids pushed there): a slow sender check holds back itself, not the batch.
   */
  private async parseAll(
    tx: EntityManager,
    rows: ClaimedRawRow[],
    prepared: Map<string, PreparedMail>,
    ledger: BatchLedger,
    deferred: string[] | null,
  ): Promise<PreparedMail[]> {
    const fresh = rows.filter((row) => !this.kept.has(row.id));
    // Bytes this process just accepted are handed over in memory: decoding a large bytea costs the event loop.
    const inMemory = new Map(await Promise.all(fresh.map(async (row) => [row.id, await this.rawStore.take(row.id)] as const)));
    const stored = await this.raw.bytesOf(
      tx,
      fresh.filter((row) => !inMemory.get(row.id)).map((row) => row.id),
    );
    const done = new Map<string, { mail: PreparedMail } | { error: unknown }>();
    const started = new Map(rows.map((row) => [row.id, this.kept.get(row.id) ?? this.parse.prepare({ ...row, bytes: inMemory.get(row.id) ?? stored.get(row.id)! })]));
    const parses = [...started].map(([id, parse]) =>
      parse.then(
        (mail) => void done.set(id, { mail }),
        (error: unknown) => void done.set(id, { error }),
      ),
    );
    const all = Promise.all(parses);
    if (deferred) {
      let half!: () => void;
      const halfDone = new Promise<void>((resolve) => (half = resolve));
      for (const parse of parses) void parse.then(() => done.size * 2 >= rows.length && half());
      let timer: NodeJS.Timeout | undefined;
      const began = performance.now();
      const grace = () => new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(STRAGGLER_MS, 2 * (performance.now() - began)))));
      await Promise.race([all, halfDone.then(grace)]);
      clearTimeout(timer);
    } else {
      await all;
    }
    const mails: PreparedMail[] = [];
    for (const row of rows) {
      const outcome = done.get(row.id);
      if (!outcome) {
        // Still parsing: kept for the batch that takes this message next (a while, in case another replica does).
        this.keepParse(row.id, started.get(row.id)!);
        deferred!.push(row.id);
        continue;
      }
      this.kept.delete(row.id);
      if ('mail' in outcome) {
        prepared.set(row.id, outcome.mail);
        mails.push(outcome.mail);
      } else {
        await this.quarantineInBatch(tx, row.id, outcome.error, undefined, ledger);
      }
    }
    return mails;
  }

  private keepParse(rawId: string, parse: Promise<PreparedMail>): void {
    if (this.kept.get(rawId) === parse) return;
    this.kept.set(rawId, parse);
    parse.catch(() => undefined);
    setTimeout(() => this.kept.get(rawId) === parse && this.kept.delete(rawId), KEPT_PARSE_MS).unref();
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
      const { previous, standings } = await this.lookups.routeLookups(
        tx,
        rest.map((mail) => mail.raw.id),
        rest.map((mail) => mail.messageId),
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
