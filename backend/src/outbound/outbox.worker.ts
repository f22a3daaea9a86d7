import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { DataSource } from 'typeorm';
import { AttachmentStorage } from '../attachments/attachment-storage.js';
import type { Attachment } from '../attachments/attachment.entity.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../config/config.module.js';
import { WorkerLoop, type RoundResult } from '../database/worker-loop.js';
import { EventsService, type EventInput } from '../events/events.service.js';
import { mimeBytes } from './mime-bytes.js';
import { createMailTransport, DeliveryError, type MailTransport, type OutgoingMime } from './mail-transport.js';
import { OutboxRepository, type ClaimedMailRow, type MailOutcome } from './outbox.repository.js';

/** Mails claimed in one statement, and recorded in one transaction once all are tried. */
const BATCH = 50;
/** Batches in flight at once: one claims or records while the other sends. */
const LANES = 2;
/**
 * A claimed mail not begun this long after its claim goes back to the queue untried, so every send keeps
 * at least 4 of its 5 lease minutes (a stalled server must not let the lease lapse and another replica send it too).
 */
const START_WITHIN_MS = 60_000;

type OutboxRow = ClaimedMailRow;

/**
 * Sends the outbox in batches: woken by NOTIFY when mail is queued (any replica), with a slow poll.
 * Up to BATCH due mails are claimed (status `sending`, with a lease) in one statement before any SMTP
 * conversation, so one job is sent by one worker; they are sent as many at a time as the transport has
 * connections, then every outcome and its events are recorded in one transaction. 4xx and connection
 * errors retry with backoff, 5xx marks a mail failed with the server's reason. Delivery is at least once:
 * a worker that dies after sending and before that transaction commits leaves the batch's leases to
 * expire, and those mails are sent again after restart (the first copy of the sent bytes is kept).
 */
@Injectable()
export class OutboxWorker implements OnModuleDestroy {
  private readonly logger = new Logger('Outbox');
  private transport: MailTransport | null = null;
  private readonly loop: WorkerLoop;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Sends in progress across lanes, at most the transport's parallel connections (a queued send would eat its lease unseen). */
  private sending = 0;
  private readonly waitingForSlot: (() => void)[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly storage: AttachmentStorage,
    private readonly attachments: AttachmentsService,
    private readonly events: EventsService,
    private readonly clock: Clock,
    @Inject(DATABASE_URL) databaseUrl: string,
    private readonly outbox: OutboxRepository,
  ) {
    this.loop = new WorkerLoop({ name: 'outbox', channels: ['newsdesk_outbox'], everyMs: config.WORKER_POLL_MS }, () => this.drain(), {
      databaseUrl,
      config,
      clock,
    });
  }

  get mode(): 'smtp' | 'outbox' {
    return this.config.SMTP_URL ? 'smtp' : 'outbox';
  }

  start(): Promise<void> {
    this.transport ??= createMailTransport(this.config, () => this.clock.now());
    return this.loop.start();
  }

  kick() {
    this.loop.wake();
  }

  /** One round: every due mail, a batch per lane at a time; then how long until the next retry falls due. */
  private async drain(): Promise<RoundResult> {
    // Settled, not all: a lane that failed must not end the round while the other still sends (the next round would add a third).
    const lanes = await Promise.allSettled(
      Array.from({ length: LANES }, async () => {
        while (this.loop.started) {
          const rows = await this.claim();
          if (!rows.length) break;
          const work = this.sendBatch(rows);
          this.inFlight.add(work);
          try {
            await work;
          } finally {
            this.inFlight.delete(work);
          }
          // A short batch took all that was due; mail queued since has woken the loop for another round.
          if (rows.length < BATCH) break;
        }
      }),
    );
    const failed = lanes.find((lane) => lane.status === 'rejected');
    if (failed) throw failed.reason;
    // Wake for the next retry that falls due before the regular poll.
    return (await this.outbox.msUntilNextDue(this.clock.now())) ?? 'idle';
  }

  /**
   * Due means `next_attempt_at` has passed on the database's clock or the app's (which tests move
   * forward to end an undo window or reach a scheduled time without waiting).
   */
  private claim(): Promise<OutboxRow[]> {
    return this.outbox.claimDueBatch(this.clock.now(), BATCH);
  }

  /** Tries every claimed mail, then records all outcomes (one statement) and their events, together in one transaction when there are events. */
  private async sendBatch(rows: OutboxRow[]): Promise<void> {
    // On the injected clock, as the lease is: a clock moved forward lapses both together.
    const claimedAt = this.clock.now().getTime();
    const messageIds = rows.flatMap((row) => (row.message_id ? [row.message_id] : []));
    const files = new Map<string, Attachment[]>();
    for (const attachment of await this.attachments.forMessages(messageIds)) files.set(attachment.messageId, [...(files.get(attachment.messageId) ?? []), attachment]);
    const outcomes = await Promise.all(
      rows.map(async (row): Promise<MailOutcome> => {
        await this.slot();
        try {
          // Stopping, or held too long behind a slow server: back to the queue untried, its attempt given back.
          if (!this.loop.started || this.clock.now().getTime() - claimedAt > START_WITHIN_MS) return { outcome: 'released', id: row.id };
          return await this.deliver(row, files.get(row.message_id ?? '') ?? []);
        } finally {
          this.releaseSlot();
        }
      }),
    );
    const events = outcomes.flatMap((outcome, index) => outcomeEvents(rows[index], outcome));
    // The outcomes are one statement: a transaction (two more round trips) only when events go with them.
    if (!events.length) {
      await this.outbox.recordOutcomes(this.dataSource.manager, outcomes);
    } else {
      await this.dataSource.transaction(async (tx) => {
        await this.outbox.recordOutcomes(tx, outcomes);
        await this.events.recordMany(events, tx);
      });
    }
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.outcome === 'failed') this.logger.warn(`outbound ${outcome.id} failed permanently after ${rows[index].attempts} attempt(s): ${outcome.reason}`);
    }
  }

  private async slot(): Promise<void> {
    while (this.sending >= this.transport!.parallel) await new Promise<void>((resolve) => this.waitingForSlot.push(resolve));
    this.sending++;
  }

  private releaseSlot(): void {
    this.sending--;
    this.waitingForSlot.shift()?.();
  }

  /** One mail through the transport: what became of it (never throws; the batch records it). */
  private async deliver(row: OutboxRow, attachments: Attachment[]): Promise<MailOutcome> {
    try {
      const mime = await this.build(row, attachments);
      const result = await this.transport!.send(mime);
      return {
        outcome: 'sent',
        id: row.id,
        response: result.response.slice(0, 1000),
        via: this.transport!.mode === 'smtp' ? 'smtp' : 'outbox',
        bytes: mime.bytes,
        sha256: createHash('sha256').update(mime.bytes).digest('hex'),
      };
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      const permanent = error instanceof DeliveryError ? error.permanent : false;
      if (permanent || row.attempts >= this.config.OUTBOX_MAX_ATTEMPTS) return { outcome: 'failed', id: row.id, reason };
      const delay = Math.min(3_600_000, this.config.OUTBOX_RETRY_BASE_MS * 2 ** (row.attempts - 1));
      return { outcome: 'retry', id: row.id, reason, delaySeconds: delay / 1000 };
    }
  }

  /** The finished MIME bytes (Message-ID, Date and boundaries fixed here) and their envelope. */
  private async build(row: OutboxRow, attachments: Attachment[]): Promise<OutgoingMime> {
    const bytes = await mimeBytes(await this.compose(row, attachments));
    const envelope = { from: row.from_address, to: [...row.to_addresses, ...row.cc_addresses].map((recipient) => recipient.address) };
    return { bytes, envelope };
  }

  private async compose(row: OutboxRow, attachments: Attachment[]): Promise<Mail.Options> {
    const files = await Promise.all(
      attachments.map(async (attachment) => {
        const content = await this.storage.get(attachment.storageKey);
        // An empty file in the journalist's inbox is worse than no mail: fail it, say which file, send nothing.
        if (!content) {
          throw new DeliveryError(
            `Not sent: the attachment "${attachment.filename}" is missing from storage (its stored bytes are gone). Nothing was sent; send the reply again with the file attached.`,
            true,
          );
        }
        return { filename: attachment.filename, contentType: attachment.contentType, content };
      }),
    );
    // Files made for the mail itself (the digest's CSV), stored with the row rather than on a thread message.
    for (const generated of row.generated_attachments ?? []) {
      files.push({ filename: generated.filename, contentType: generated.contentType, content: Buffer.from(generated.content, 'base64') });
    }
    const { 'In-Reply-To': inReplyTo, References: references, ...headers } = row.headers;
    return {
      from: { name: row.from_name ?? this.config.MAIL_FROM_NAME, address: row.from_address },
      // Answers to a reply signed by an officer still come to the desk, not to a person.
      replyTo: row.from_address,
      to: row.to_addresses.map((to) => ({ name: to.name ?? '', address: to.address })),
      cc: row.cc_addresses.map((cc) => ({ name: cc.name ?? '', address: cc.address })),
      subject: row.subject,
      text: row.text,
      html: row.html ?? undefined,
      messageId: `<${row.rfc_message_id}>`,
      inReplyTo,
      references,
      // Lets mail servers and our own intake recognise a loop.
      headers: { ...headers, 'X-Loop': this.config.intakeAddresses[0] },
      attachments: files,
      disableFileAccess: true,
      disableUrlAccess: true,
    };
  }

  /** Stops taking new work and waits for work in flight, before the parse pool and the database close. */
  async onModuleDestroy() {
    await this.loop.stop();
    await Promise.allSettled(this.inFlight);
    this.transport?.close();
  }
}

/** The events a mail's outcome records: a reply sent, any mail failed for good; retries and releases record none. */
function outcomeEvents(row: OutboxRow, outcome: MailOutcome): EventInput[] {
  if (outcome.outcome === 'sent' && row.kind === 'reply') {
    return [
      {
        type: 'reply.sent',
        entityType: 'message',
        entityId: row.message_id,
        ticketId: row.ticket_id,
        after: { response: outcome.response.slice(0, 300), via: outcome.via },
      },
    ];
  }
  if (outcome.outcome === 'failed') {
    return [
      {
        type: 'delivery.failed',
        entityType: 'outbound_message',
        entityId: row.id,
        ticketId: row.ticket_id,
        after: { kind: row.kind, reason: outcome.reason.slice(0, 300), attempts: row.attempts },
      },
    ];
  }
  return [];
}
