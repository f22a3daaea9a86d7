import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../config/config.module.js';
import { ListenerConnection } from '../database/listener-connection.js';
import { IntakeService } from './intake.service.js';


/**
 * Processes committed raw messages in the background: woken by NOTIFY from the raw_messages
 * insert trigger (any replica's door), with a slow poll as a safety net. Rows are claimed with
 * SKIP LOCKED, so replicas share the work; a crash mid-way leaves the row pending for the next pass.
 */
@Injectable()
export class IntakeWorker implements OnModuleDestroy {
  private readonly logger = new Logger('IntakeWorker');
  private listener: ListenerConnection | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private stopped = true;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intake: IntakeService,
    private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    this.listener ??= new ListenerConnection(
      {
        databaseUrl: this.databaseUrl,
        channels: ['newsdesk_intake'],
        name: 'newsdesk-listener-intake',
        connectTimeoutMs: this.config.DB_CONNECT_TIMEOUT_MS,
        keepaliveMs: this.config.DB_LISTENER_KEEPALIVE_MS,
      },
      {
        notification: () => this.kick(),
        // Whatever was queued while the connection was down is taken now, not at the next poll.
        connected: (reconnected) => {
          if (reconnected) this.logger.log('intake listener reconnected; catching up');
          this.kick();
        },
        lost: (error, retryInMs) => this.logger.warn(`intake listener lost (${error.message}); reconnecting in ${retryInMs} ms`),
      },
    );
    await this.listener.startWithin(this.config.DB_CONNECT_TIMEOUT_MS);
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => this.kick(), this.config.WORKER_POLL_MS);
    this.timer.unref();
    this.kick();
  }

  /** Runs a pass now, or right after the current one. */
  kick() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async drain() {
    for (;;) {
      if (this.stopped) return;
      const rows = (await this.dataSource
        .query(`SELECT id FROM raw_messages WHERE outcome = 'pending' ORDER BY received_at LIMIT $1`, [this.config.INTAKE_CONCURRENCY * 4])
        .catch((error: Error) => {
          this.logger.warn(`intake poll failed: ${error.message}`);
          return [];
        })) as { id: string }[];
      if (!rows.length) return;
      const queue = rows.map((row) => row.id);
      let progress = 0;
      await Promise.all(
        Array.from({ length: this.config.INTAKE_CONCURRENCY }, async () => {
          for (let id = queue.shift(); id; id = queue.shift()) {
            const work = this.intake.process(id);
            this.inFlight.add(work);
            const result = await work.catch((error: Error) => {
              this.logger.error(`processing ${id} failed: ${error.message}`);
              return null;
            });
            this.inFlight.delete(work);
            if (result && result.outcome !== 'pending') progress++;
          }
        }),
      );
      // Rows another replica holds, or a database that is down: wait for the next notification or poll.
      if (!progress) return;
    }
  }

  /** Stops taking new work and waits for work in flight, before the parse pool and the database close. */
  async onModuleDestroy() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled(this.inFlight);
    await this.listener?.stop();
    this.listener = null;
  }
}
