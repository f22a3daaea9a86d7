import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../config/config.module.js';
import { WorkerLoop, type RoundResult } from '../database/worker-loop.js';
import { IntakeService } from './intake.service.js';


/**
 * Processes committed raw messages in the background: woken by NOTIFY from the raw_messages
 * insert trigger (any replica's door), with a slow poll as a safety net. Rows are claimed with
 * SKIP LOCKED, so replicas share the work; a crash mid-way leaves the row pending for the next pass.
 */
@Injectable()
export class IntakeWorker implements OnModuleDestroy {
  private readonly logger = new Logger('IntakeWorker');
  /** INTAKE_CONCURRENCY lanes, each taking the next id as soon as its message is done: a slow message (a 10 MB mail, a slow DNS answer) holds one lane, not a batch. */
  private readonly loop: WorkerLoop;
  private readonly queue: string[] = [];
  private refilling: Promise<void> | null = null;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly skipped = new Set<string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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

  /** One round: the next pending message not held here, processed in its own transaction. */
  private async round(): Promise<RoundResult> {
    const id = this.queue.shift() ?? (await this.refill());
    if (!id) return 'idle';
    const work = this.intake.processPending(id);
    this.inFlight.set(id, work);
    const taken = await work.catch((error: Error) => {
      this.logger.error(`processing ${id} failed: ${error.message}`);
      return false;
    });
    this.inFlight.delete(id);
    // Locked by another replica, or a database that is down: not taken again in this pass.
    if (!taken) this.skipped.add(id);
    return 'more';
  }

  /** The next pending ids not queued, in flight or skipped here; one query at a time for all lanes. */
  private refill(): Promise<string | undefined> {
    this.refilling ??= (async () => {
      try {
        for (;;) {
          const wakes = this.loop.wakes;
          const known = [...this.queue, ...this.inFlight.keys(), ...this.skipped];
          const rows = (await this.dataSource
            .query(`SELECT id FROM raw_messages WHERE outcome = 'pending' AND NOT (id = ANY($2::uuid[])) ORDER BY received_at LIMIT $1`, [
              this.config.INTAKE_CONCURRENCY * 4,
              known,
            ])
            .catch((error: Error) => {
              this.logger.warn(`intake poll failed: ${error.message}`);
              return null;
            })) as { id: string }[] | null;
          if (rows?.length) {
            this.queue.push(...rows.map((row) => row.id));
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
