import { BadRequestException, HttpException, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ReplyStatus, StatementSendResultDto, StatementSendTicketResultDto } from '@newsdesk/shared';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { ContactMergeRegistry, type ContactMergeParticipant, type ContactTable } from '../contacts/contact-merge.registry.js';
import { EventsService } from '../events/events.service.js';
import { detectLanguage, firstName } from '../outbound/acknowledgements/acknowledgement-languages.js';
import { RepliesService } from '../outbound/replies.service.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { StatementsRepository } from './statements.repository.js';
import { conflict } from '../common/http-errors.js';

/** What is sent: the current approved version of a library statement, or a text written for one story. */
export type StatementSource =
  | { kind: 'statement'; statementId: string; title: string; versionId: string; version: number; body: string; stale: boolean }
  | { kind: 'text'; body: string };

/** A ticket to send to, as read for the sending. */
export interface DeliveryTarget {
  id: string;
  reference: string;
  /** The journalist's address: a reply goes to it alone. */
  address: string | null;
}

export interface SendOptions {
  status?: ReplyStatus;
  /** Set when the sending is for a story: recorded on each delivery. */
  storyId?: string;
}

/**
 * Sends a statement as replies: one reply per ticket through RepliesService (its own thread,
 * recipients, deadline, status and first response), never one mail to many. A library
 * statement's delivery (version, ticket, journalist, outlet, Message-ID, sender) is recorded,
 * and a version goes to a ticket once: a second request skips it, even from another replica.
 */
@Injectable()
export class StatementDeliveriesService implements ContactMergeParticipant, OnModuleInit {
  private readonly logger = new Logger(StatementDeliveriesService.name);
  readonly contactReferences = { journalists: ['statement_deliveries.journalist_id'], outlets: ['statement_deliveries.outlet_id'] } as const;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly replies: RepliesService,
    private readonly tickets: TicketsService,
    private readonly events: EventsService,
    private readonly statements: StatementsRepository,
    private readonly contactMerges: ContactMergeRegistry,
  ) {}

  onModuleInit(): void {
    this.contactMerges.register(this);
  }

  /** A merged journalist's or outlet's deliveries now point at the survivor (in the merge's transaction). */
  async moveContact(tx: EntityManager, table: ContactTable, fromId: string, toId: string): Promise<Record<string, number>> {
    if (table === 'journalists') return { 'statement_deliveries.journalist_id': await this.statements.moveDeliveriesJournalist(tx, fromId, toId) };
    return { 'statement_deliveries.outlet_id': await this.statements.moveDeliveriesOutlet(tx, fromId, toId) };
  }

  /** The version that would be sent: the statement must be approved (a draft or a retired one is a 400). */
  async approvedSource(statementId: string): Promise<StatementSource> {
    const statement = await this.statements.findSource(statementId);
    if (!statement) throw new BadRequestException(`statementId ${statementId} is not a statement in the library`);
    if (statement.status === 'retired') throw new BadRequestException(`"${statement.title}" is retired and can no longer be sent`);
    if (statement.status !== 'approved' || !statement.version_id || !statement.approved_at || statement.version === null || statement.body === null) {
      throw new BadRequestException(`"${statement.title}" is a draft: a manager or admin must approve it before it can be sent`);
    }
    return {
      kind: 'statement',
      statementId: statement.id,
      title: statement.title,
      versionId: statement.version_id,
      version: statement.version,
      body: statement.body,
      stale: statement.stale,
    };
  }

  /** `POST /api/tickets/:id/statement`: one ticket; a refusal is the response's error. */
  async sendToTicket(idOrReference: string, statementId: string, options: SendOptions, user: RequestUser): Promise<StatementSendResultDto> {
    const ticket = await this.tickets.findAccessible(idOrReference);
    const source = await this.approvedSource(statementId);
    const { journalist } = await this.tickets.contactNames(ticket);
    const target = { id: ticket.id, reference: ticket.reference, address: journalist?.email ?? null };
    const outcome = await this.withLocks((locks) => this.deliver(target, source, options, user, locks));
    if (outcome.result === 'skipped') throw conflict('duplicate', outcome.reason ?? 'Already sent to this ticket');
    if (outcome.result === 'failed') throw new BadRequestException(outcome.reason);
    return this.summarise(source, [outcome]);
  }

  /**
   * Many tickets, one after the other in the given order: one ticket's failure (no address, a
   * status it cannot take) is reported in its result and the others still go.
   */
  async sendToTickets(targets: DeliveryTarget[], source: StatementSource, options: SendOptions, user: RequestUser): Promise<StatementSendResultDto> {
    const results = await this.withLocks(async (locks) => {
      const done: StatementSendTicketResultDto[] = [];
      for (const target of targets) {
        done.push(
          await this.deliver(target, source, options, user, locks).catch((error: unknown) => this.failure(target, error)),
        );
      }
      return done;
    });
    return this.summarise(source, results);
  }

  private async deliver(
    target: DeliveryTarget,
    source: StatementSource,
    options: SendOptions,
    user: RequestUser,
    locks: QueryRunner,
  ): Promise<StatementSendTicketResultDto> {
    if (!target.address) return result(target, 'failed', `${target.reference} has no journalist address to send to`);
    await this.statements.lockTicketSend(locks, target.id);
    try {
      if (source.kind === 'statement') {
        const previous = await this.statements.firstDeliveredAt(source.versionId, target.id);
        if (previous) {
          return result(target, 'skipped', `${target.reference} already got version ${source.version} of this statement on ${previous.toISOString()}`);
        }
      }
      const closing = options.status === 'resolved' || options.status === 'closed';
      const greeting = options.storyId ? await this.greeting(target.id) : undefined;
      let stored: { messageId: string; rfcMessageId: string; awaitingApproval: boolean; deliveryId: string | null } | null = null;
      await this.replies.create(
        target.id,
        {
          body: source.body,
          format: 'markdown',
          status: options.status,
          ...(closing ? { outcome: 'statement_given' as const } : {}),
          // A library statement was approved in the library; a text written for the story is a statement to sign off.
          statement: source.kind === 'text',
        },
        user,
        {
          ...(source.kind === 'statement' ? { libraryVersionId: source.versionId } : {}),
          greeting,
          // Recorded in the reply's own transaction: no mail goes out without its delivery record.
          within: async (tx, reply) => {
            const deliveryId =
              source.kind === 'statement' && !reply.awaitingApproval
                ? await this.record(tx, source, reply.ticket, reply.messageId, reply.rfcMessageId, options.storyId ?? null, user)
                : null;
            stored = { ...reply, deliveryId };
          },
        },
      );
      const reply = stored as { messageId: string; rfcMessageId: string; awaitingApproval: boolean; deliveryId: string | null } | null;
      if (!reply) return result(target, 'failed', `${target.reference}: the reply could not be stored`);
      if (reply.awaitingApproval) {
        return { ...result(target, 'awaiting_approval', `${target.reference}: an approval rule holds this reply until an approver signs it off`), messageId: reply.rfcMessageId };
      }
      return { ...result(target, 'queued', null), messageId: reply.rfcMessageId, ...(reply.deliveryId ? { deliveryId: reply.deliveryId } : {}) };
    } finally {
      await this.statements.unlockTicketSend(locks, target.id);
    }
  }

  /** "Dear Élodie," / "Bonjour Élodie,": the journalist's first name, in the language of their inquiry. */
  private async greeting(ticketId: string): Promise<string> {
    const row = await this.tickets.greetingContext(ticketId);
    return detectLanguage(`${row?.subject ?? ''}\n${row?.inquiry ?? ''}`).greeting(firstName(row?.name));
  }

  private async record(
    tx: EntityManager,
    source: Extract<StatementSource, { kind: 'statement' }>,
    ticket: Ticket,
    messageId: string,
    rfcMessageId: string,
    storyId: string | null,
    user: RequestUser,
  ): Promise<string> {
    const deliveryId = await this.statements.insertDelivery(tx, {
      statementId: source.statementId,
      versionId: source.versionId,
      ticketId: ticket.id,
      journalistId: ticket.journalistId,
      outletId: ticket.outletId,
      storyId,
      messageId,
      rfcMessageId,
      sentById: user.id,
    });
    await this.events.record(
      {
        type: 'statement.delivered',
        entityType: 'statement',
        entityId: source.statementId,
        ticketId: ticket.id,
        actorId: user.id,
        after: {
          deliveryId,
          statementVersionId: source.versionId,
          version: source.version,
          journalistId: ticket.journalistId,
          outletId: ticket.outletId,
          storyId,
          rfcMessageId,
        },
      },
      tx,
    );
    return deliveryId;
  }

  private failure(target: DeliveryTarget, error: unknown): StatementSendTicketResultDto {
    if (error instanceof HttpException && error.getStatus() < 500) {
      return result(target, 'failed', `${target.reference}: ${readableMessage(error)}`);
    }
    this.logger.error(`statement reply to ticket ${target.id} failed: ${String(error)}`, error instanceof Error ? error.stack : undefined);
    return result(target, 'failed', `${target.reference}: the reply could not be stored (internal error)`);
  }

  /** Per-ticket locks are session locks on one connection held for the whole sending. */
  private async withLocks<T>(work: (locks: QueryRunner) => Promise<T>): Promise<T> {
    const locks = this.dataSource.createQueryRunner();
    await locks.connect();
    try {
      return await work(locks);
    } finally {
      await locks.release();
    }
  }

  private summarise(source: StatementSource, results: StatementSendTicketResultDto[]): StatementSendResultDto {
    const count = (kind: StatementSendTicketResultDto['result']) => results.filter((entry) => entry.result === kind).length;
    return {
      statementId: source.kind === 'statement' ? source.statementId : null,
      statementVersionId: source.kind === 'statement' ? source.versionId : null,
      version: source.kind === 'statement' ? source.version : null,
      stale: source.kind === 'statement' && source.stale,
      queued: count('queued'),
      awaitingApproval: count('awaiting_approval'),
      skipped: count('skipped'),
      failed: count('failed'),
      results,
    };
  }
}

function result(target: DeliveryTarget, kind: StatementSendTicketResultDto['result'], reason: string | null): StatementSendTicketResultDto {
  return { ticketId: target.id, reference: target.reference, result: kind, reason, messageId: null, deliveryId: null };
}

function readableMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
}
