import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { DataSource } from 'typeorm';
import { AttachmentStorage } from '../attachments/attachment-storage.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../config/config.module.js';
import { WorkerLoop, type RoundResult } from '../database/worker-loop.js';
import { EventsService } from '../events/events.service.js';
import { createMailTransport, DeliveryError, type MailTransport, type OutgoingMime } from './mail-transport.js';
import { OutboxRepository, type ClaimedMailRow } from './outbox.repository.js';

const CONCURRENCY = 4;

type OutboxRow = ClaimedMailRow;

/**
 * Sends the outbox: woken by NOTIFY when mail is queued (any replica), with a slow poll.
 * A mail is claimed (status `sending`, with a lease) in its own statement before the SMTP
 * conversation, so one job is sent by one worker; 4xx and connection errors retry with
 * backoff, 5xx marks it failed with the server's reason; a worker that dies mid-send leaves
 * the lease to expire and the mail is sent after restart.
 */
@Injectable()
export class OutboxWorker implements OnModuleDestroy {
  private readonly logger = new Logger('Outbox');
  private transport: MailTransport | null = null;
  private readonly loop: WorkerLoop;
  private readonly inFlight = new Set<Promise<unknown>>();

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
    this.transport ??= createMailTransport(this.config);
    return this.loop.start();
  }

  kick() {
    this.loop.wake();
  }

  /** One round: every due mail, CONCURRENCY at a time; then how long until the next retry falls due. */
  private async drain(): Promise<RoundResult> {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (this.loop.started) {
          const row = await this.claim();
          if (!row) break;
          const work = this.deliver(row);
          this.inFlight.add(work);
          await work;
          this.inFlight.delete(work);
        }
      }),
    );
    // Wake for the next retry that falls due before the regular poll.
    return (await this.outbox.msUntilNextDue(this.clock.now())) ?? 'idle';
  }

  /**
   * Due means `next_attempt_at` has passed on the database's clock or the app's (which tests move
   * forward to end an undo window or reach a scheduled time without waiting).
   */
  private claim(): Promise<OutboxRow | null> {
    return this.outbox.claimDue(this.clock.now());
  }

  private async deliver(row: OutboxRow): Promise<void> {
    try {
      const mime = await this.build(row);
      const result = await this.transport!.send(mime, `${new Date().toISOString().replace(/[:.]/g, '-')}-${row.id}`);
      await this.dataSource.transaction(async (tx) => {
        // The .eml download serves these bytes.
        await this.outbox.markSent(tx, row.id, {
          response: result.response.slice(0, 1000),
          via: this.transport!.mode === 'smtp' ? 'smtp' : 'outbox',
          bytes: mime.bytes,
          sha256: createHash('sha256').update(mime.bytes).digest('hex'),
        });
        if (row.kind === 'reply') {
          await this.events.record(
            {
              type: 'reply.sent',
              entityType: 'message',
              entityId: row.message_id,
              ticketId: row.ticket_id,
              after: { response: result.response.slice(0, 300), via: this.transport!.mode },
            },
            tx,
          );
        }
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof DeliveryError ? error.permanent : false;
      if (permanent || row.attempts >= this.config.OUTBOX_MAX_ATTEMPTS) {
        await this.dataSource.transaction(async (tx) => {
          await this.outbox.markFailed(tx, row.id, reason.slice(0, 1000));
          await this.events.record(
            {
              type: 'delivery.failed',
              entityType: 'outbound_message',
              entityId: row.id,
              ticketId: row.ticket_id,
              after: { kind: row.kind, reason: reason.slice(0, 300), attempts: row.attempts },
            },
            tx,
          );
        });
        this.logger.warn(`outbound ${row.id} failed permanently after ${row.attempts} attempt(s): ${reason}`);
      } else {
        const delay = Math.min(3_600_000, this.config.OUTBOX_RETRY_BASE_MS * 2 ** (row.attempts - 1));
        await this.outbox.retryLater(row.id, reason.slice(0, 1000), delay / 1000);
      }
    }
  }

  /** The finished MIME bytes (Message-ID, Date and boundaries fixed here) and their envelope. */
  private async build(row: OutboxRow): Promise<OutgoingMime> {
    const composed = await new MailComposer(await this.compose(row)).compile().build();
    // SMTP turns bare LF or CR into CRLF on the wire; doing it here first makes the stored bytes the received ones.
    const bytes = Buffer.from(composed.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n'), 'latin1');
    const envelope = { from: row.from_address, to: [...row.to_addresses, ...row.cc_addresses].map((recipient) => recipient.address) };
    return { bytes, envelope };
  }

  private async compose(row: OutboxRow): Promise<Mail.Options> {
    const attachments = row.message_id ? await this.attachments.forMessages([row.message_id]) : [];
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
