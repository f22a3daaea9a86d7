import { Logger } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { ListenerConnection } from './listener-connection.js';

/**
 * What one round reports: `more` runs the next round at once, `idle` waits for a wake-up or the poll,
 * a number is how many milliseconds (on the injected clock) until the round wants to run again.
 */
export type RoundResult = 'more' | 'idle' | number;

export interface WorkerLoopSettings {
  /** In logs, and in pg_stat_activity as `newsdesk-listener-<name>`. */
  name: string;
  /** NOTIFY channels that wake the loop; none: it runs on its period alone. */
  channels: readonly string[];
  /** The fallback poll (a timer-only loop's period), measured on the injected clock. */
  everyMs: number;
  /** Rounds running at once (the intake's lanes); 1 by default. */
  lanes?: number;
  /** Called when the last lane has nothing left (the intake forgets which rows other replicas held). */
  idle?: () => void;
}

export interface WorkerLoopContext {
  databaseUrl: string;
  config: Pick<AppConfig, 'DB_CONNECT_TIMEOUT_MS' | 'DB_LISTENER_KEEPALIVE_MS'>;
  clock: Clock;
}

/** How often the loop reads the injected clock for a due poll (tests move that clock rather than wait). */
const CLOCK_CHECK_MS = 1_000;
/** A round that failed while a wake-up came in (the database restarting under it) is tried again this soon. */
const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * The one loop every background worker runs on: woken by NOTIFY through a ListenerConnection (which
 * reconnects and LISTENs again after a database restart, then wakes the loop to catch up), polled on
 * the injected clock as the fallback, `lanes` rounds at a time; stop() waits for the rounds in flight.
 * A worker supplies only what one round does.
 */
export class WorkerLoop {
  private readonly logger: Logger;
  private listener: ListenerConnection | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private soon: { timer: NodeJS.Timeout; at: number } | null = null;
  private stopped = true;
  private readonly running = new Set<Promise<void>>();
  private dueAt = 0;
  /** Wake-ups so far: a round that began before the latest one runs again, since its read may predate the new work. */
  wakes = 0;

  constructor(
    private readonly settings: WorkerLoopSettings,
    private readonly round: () => Promise<RoundResult>,
    private readonly context: WorkerLoopContext,
  ) {
    this.logger = new Logger(`WorkerLoop:${settings.name}`);
  }

  get started(): boolean {
    return !this.stopped;
  }

  /** LISTENs (waiting at most the connect timeout: a database down at boot is caught up on reconnect), starts the poll and runs a first round. */
  async start(): Promise<void> {
    if (this.stopped) {
      this.stopped = false;
      const { config } = this.context;
      if (this.settings.channels.length) {
        this.listener ??= new ListenerConnection(
          {
            databaseUrl: this.context.databaseUrl,
            channels: this.settings.channels,
            name: `newsdesk-listener-${this.settings.name}`,
            connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
            keepaliveMs: config.DB_LISTENER_KEEPALIVE_MS,
          },
          {
            notification: () => this.wake(),
            // Whatever was queued while the connection was down is taken now, not at the next poll.
            connected: (reconnected) => {
              if (reconnected) this.logger.log(`${this.settings.name} listener reconnected; catching up`);
              this.wake();
            },
            lost: (error, retryInMs) => this.logger.warn(`${this.settings.name} listener lost (${error.message}); reconnecting in ${retryInMs} ms`),
          },
        );
        await this.listener.startWithin(config.DB_CONNECT_TIMEOUT_MS);
      }
      this.ticker = setInterval(() => this.tick(), Math.min(CLOCK_CHECK_MS, this.settings.everyMs));
      this.ticker.unref();
    }
    this.wake();
  }

  /** Work may be waiting: idle lanes start now; busy ones run another round when the current one ends. */
  wake(): void {
    if (this.stopped) return;
    this.wakes++;
    this.dueAt = this.now() + this.settings.everyMs;
    while (this.running.size < (this.settings.lanes ?? 1)) {
      const lane: Promise<void> = this.lane().finally(() => {
        this.running.delete(lane);
        if (!this.running.size) this.settings.idle?.();
      });
      this.running.add(lane);
    }
  }

  /** Stops taking work, waits for the rounds in flight, then closes the LISTEN connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ticker) clearInterval(this.ticker);
    if (this.soon) clearTimeout(this.soon.timer);
    this.ticker = null;
    this.soon = null;
    await Promise.allSettled(this.running);
    await this.listener?.stop();
    this.listener = null;
  }

  private async lane(): Promise<void> {
    while (!this.stopped) {
      const wakes = this.wakes;
      let result: RoundResult;
      try {
        result = await this.round();
      } catch (error) {
        this.logger.warn(`${this.settings.name} round failed: ${(error as Error).message}`);
        if (this.wakes !== wakes) this.after(RETRY_AFTER_FAILURE_MS);
        return;
      }
      if (result === 'more') continue;
      if (typeof result === 'number') this.after(result);
      if (this.wakes === wakes) return;
    }
  }

  /** A round asked to run again in `ms`: earlier than the poll, so a real timer too (the clock check covers a clock moved forward). */
  private after(ms: number): void {
    if (this.stopped) return;
    const at = this.now() + Math.max(0, ms);
    this.dueAt = Math.min(this.dueAt, at);
    if (this.soon && this.soon.at <= at) return;
    if (this.soon) clearTimeout(this.soon.timer);
    const timer = setTimeout(() => {
      this.soon = null;
      this.wake();
    }, Math.max(10, ms));
    timer.unref();
    this.soon = { timer, at };
  }

  private tick(): void {
    if (this.now() >= this.dueAt) this.wake();
  }

  private now(): number {
    return this.context.clock.now().getTime();
  }
}
