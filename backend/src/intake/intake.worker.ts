import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../config/config.module.js';
import { WorkerLoop, type RoundResult } from '../database/worker-loop.js';
import { IntakeService } from './intake.service.js';
import { RawMessagesRepository, type PendingRaw } from './raw-messages.repository.js';

/**
 * A lane joins the running ones with less than a full batch only once they have all run this long
 * (a slow batch: a big mail, a slow sender check); sooner, the lane that ends next takes what is
 * queued, so mail pouring in is written in fewer, larger batches.
 */
const JOIN_AFTER_MS = 100;

/**
 * Processes committed raw messages in the background: woken by NOTIFY from the raw_messages
 * insert trigger (any replica's door), with a slow poll as a safety net. Rows are claimed with
 * SKIP LOCKED, so replicas share the work; a crash mid-way leaves the row pending for the next pass.
 */
@Injectable()
export class IntakeWorker implements OnModuleDestroy {
  private readonly logger = new Logger('IntakeWorker');
  /**
   * INTAKE_CONCURRENCY lanes, each taking whatever is queued (up to INTAKE_BATCH_SIZE) as soon as its
   * batch is done: one message when mail trickles in, so it is visible at once, a batch written with
   * few statements when it pours in; a big message goes alone (a batch waits for its slowest parse).
   * A second lane starts beside a running one on a full batch, or after JOIN_AFTER_MS.
   */
  private readonly loop: WorkerLoop;
  private readonly queue: PendingRaw[] = [];
  private refilling: Promise<void> | null = null;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** The running batches, by when each started (ms on the injected clock). */
  private readonly running = new Set<{ started: number }>();
  private readonly skipped = new Set<string>();

  constructor(
    private readonly raw: RawMessagesRepository,
    private readonly intake: IntakeService,
    private readonly config: AppConfig,
    @Inject(DATABASE_URL) databaseUrl: string,
    private readonly clock: Clock,
  ) {
    this.loop = new WorkerLoop(
      {
        name: 'intake',
        channels: ['newsdesk_intake'],
        everyMs: config.WORKER_POLL_MS,
        lanes: config.INTAKE_CONCURRENCY,
        // Ids another replica held are tried again on the next notification or poll.
        idle: () => this.skipped.clear(),
      },
      () => this.round(),
      { databaseUrl, config, clock },
    );
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  /** New rows may be waiting: idle lanes start now. */
  kick() {
    this.loop.wake();
  }

  /** One round: the next batch of pending messages not held here, processed in one transaction. */
  private async round(): Promise<RoundResult> {
    if (!this.queue.length) await this.refill();
    if (!this.queue.length) return 'idle';
    const wait = this.joinWait();
    if (wait > 0) return wait;
    const first = this.queue.shift()!;
    const ids = [first.id];
    for (let bytes = first.size; this.queue.length && ids.length < this.config.INTAKE_BATCH_SIZE; ) {
      bytes += this.queue[0].size;
      if (bytes > this.config.INTAKE_BATCH_BYTES) break;
      ids.push(this.queue.shift()!.id);
    }
    const batch = { started: this.clock.now().getTime() };
    this.running.add(batch);
    const work = this.intake.processPending(ids);
    for (const id of ids) this.inFlight.set(id, work);
    const { claimed, deferred } = await work
      .catch((error: Error) => {
        this.logger.error(`processing ${ids.length} message(s) from ${first.id} failed: ${error.message}`);
        return { claimed: new Set<string>(), deferred: [] as string[] };
      })
      .finally(() => this.running.delete(batch));
    for (const id of ids) {
      this.inFlight.delete(id);
      // Locked by another replica, or a database that is down: not taken again in this pass.
      if (!claimed.has(id) && !deferred.includes(id)) this.skipped.add(id);
    }
    // Still in their sender check: queued again, their parse kept, so the next lane takes them without waiting for the others.
    this.queue.push(...deferred.map((id) => ({ id, size: 0 })));
    return 'more';
  }

  /** Milliseconds until this lane may start less than a full batch beside the running ones; 0: now. */
  private joinWait(): number {
    if (!this.running.size) return 0;
    const bytes = this.queue.reduce((total, row) => total + row.size, 0);
    if (this.queue.length >= this.config.INTAKE_BATCH_SIZE || bytes >= this.config.INTAKE_BATCH_BYTES) return 0;
    const newest = Math.max(...[...this.running].map((batch) => batch.started));
    return Math.max(0, newest + JOIN_AFTER_MS - this.clock.now().getTime());
  }

  /** Queues the next pending ids not queued, in flight or skipped here; one query at a time for all lanes. */
  private refill(): Promise<void> {
    this.refilling ??= (async () => {
      try {
        for (;;) {
          const wakes = this.loop.wakes;
          const known = [...this.queue.map((row) => row.id), ...this.inFlight.keys(), ...this.skipped];
          const rows = await this.raw.pendingIds(this.config.INTAKE_CONCURRENCY * this.config.INTAKE_BATCH_SIZE, known).catch((error: Error) => {
            this.logger.warn(`intake poll failed: ${error.message}`);
            return null;
          });
          if (rows?.length) {
            this.queue.push(...rows);
            return;
          }
          // A notification that came in while the query ran may be for a row it did not see yet.
          if (!rows || !this.loop.started || this.loop.wakes === wakes) return;
        }
      } finally {
        this.refilling = null;
      }
    })();
    return this.refilling;
  }

  /** Stops taking new work and waits for work in flight, before the parse pool and the database close. */
  async onModuleDestroy() {
    await this.loop.stop();
  }
}
