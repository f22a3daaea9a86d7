import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../config/config.module.js';
import { WorkerLoop, type RoundResult } from '../database/worker-loop.js';
import { IntakeService } from './intake.service.js';
import { RawMessagesRepository, type PendingRaw } from './raw-messages.repository.js';

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
   */
  private readonly loop: WorkerLoop;
  private readonly queue: PendingRaw[] = [];
  private refilling: Promise<void> | null = null;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly skipped = new Set<string>();

  constructor(
    private readonly raw: RawMessagesRepository,
    private readonly intake: IntakeService,
    private readonly config: AppConfig,
    @Inject(DATABASE_URL) databaseUrl: string,
    clock: Clock,
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
    const first = this.queue.shift() ?? (await this.refill());
    if (!first) return 'idle';
    const ids = [first.id];
    for (let bytes = first.size; this.queue.length && ids.length < this.config.INTAKE_BATCH_SIZE; ) {
      bytes += this.queue[0].size;
      if (bytes > this.config.INTAKE_BATCH_BYTES) break;
      ids.push(this.queue.shift()!.id);
    }
    const work = this.intake.processPending(ids);
    for (const id of ids) this.inFlight.set(id, work);
    const { claimed, deferred } = await work.catch((error: Error) => {
      this.logger.error(`processing ${ids.length} message(s) from ${first.id} failed: ${error.message}`);
      return { claimed: new Set<string>(), deferred: [] as string[] };
    });
    for (const id of ids) {
      this.inFlight.delete(id);
      // Locked by another replica, or a database that is down: not taken again in this pass.
      if (!claimed.has(id) && !deferred.includes(id)) this.skipped.add(id);
    }
    // Still in their sender check: queued again, their parse kept, so the next lane takes them without waiting for the others.
    this.queue.push(...deferred.map((id) => ({ id, size: 0 })));
    return 'more';
  }

  /** The next pending ids not queued, in flight or skipped here; one query at a time for all lanes. */
  private refill(): Promise<PendingRaw | undefined> {
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
    return this.refilling.then(() => this.queue.shift());
  }

  /** Stops taking new work and waits for work in flight, before the parse pool and the database close. */
  async onModuleDestroy() {
    await this.loop.stop();
  }
}
