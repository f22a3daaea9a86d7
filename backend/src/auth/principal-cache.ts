import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config.js';
import { DATABASE_URL } from '../config/config.module.js';
import { ListenerConnection } from '../database/listener-connection.js';

/** The channel the principal-change triggers NOTIFY (migration 1766680000000) with a user's id; fences and their answers share it. */
export const PRINCIPAL_CHANNEL = 'newsdesk_auth';
/** Entries kept per process; past it the oldest go (a map keeps insertion order). */
const MAX_ENTRIES = 10_000;
/** How long a write waits for every replica to confirm it has heard; a replica that hangs must not hang everyone's writes. */
const FENCE_TIMEOUT_MS = 1_000;
const FENCE = /^fence:([0-9a-f-]{36}):(\d+)$/;
const FENCE_ANSWER = /^heard:([0-9a-f-]{36}):(\d+)$/;

interface Entry {
  value: { userId: string };
  userId: string;
}

interface Fence {
  heard: number;
  expected: number;
  done: () => void;
}

/**
 * This process's memory of who a session cookie or API token belongs to, so the guard's read is not
 * made on every request. Correct only while it hears every change: entries are kept only while the
 * LISTEN connection is up, a NOTIFY for a user drops that user's entries, a lost connection drops
 * them all (notifications may have been missed), and a read that began before any of that is not kept.
 *
 * A write marked @ChangesPrincipal empties this process's memory and then fences (settle()): it NOTIFYs a fence and
 * waits until every replica's listener has answered it. PostgreSQL delivers notifications in commit
 * order, so a replica that answers has already dropped what the write changed: when a sign-out or a
 * revocation answers its caller, no replica still serves the old principal.
 */
@Injectable()
export class PrincipalCache implements OnModuleDestroy {
  private readonly logger = new Logger('PrincipalCache');
  private readonly entries = new Map<string, Entry>();
  private readonly id = randomUUID();
  private readonly fences = new Map<number, Fence>();
  private fenceSeq = 0;
  private listener: ListenerConnection | null = null;
  private listening = false;
  /** Bumped by every forget: a read that started under an older generation may be stale and is not kept. */
  private generation = 0;

  constructor(
    private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  /**
   * The kept row for `key` when `usable` accepts it (the caller's rules: no write due, not expired),
   * else `load()`'s answer, kept for the next request if nothing changed meanwhile.
   */
  async read<Row extends { userId: string }>(key: string, load: () => Promise<Row | null>, usable: (row: Row) => boolean): Promise<Row | null> {
    this.listen();
    const cached = this.entries.get(key);
    if (cached && usable(cached.value as Row)) return cached.value as Row;
    const generation = this.generation;
    const row = await load();
    if (row && this.listening && generation === this.generation) {
      this.entries.delete(key);
      this.entries.set(key, { value: row, userId: row.userId });
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    } else if (!row) {
      this.entries.delete(key);
    }
    return row;
  }

  /** Drops every entry of one user (a NOTIFY from any replica), or all of them. */
  forget(userId?: string): void {
    this.generation++;
    if (userId === undefined) {
      this.entries.clear();
      return;
    }
    for (const [key, entry] of this.entries) if (entry.userId === userId) this.entries.delete(key);
  }

  /** After a principal-changing write through this process: empties this replica's memory, then waits until every other replica has heard all that the write committed. */
  async settle(): Promise<void> {
    this.forget();
    this.listen();
    const listener = this.listener;
    // A process that served no request yet LISTENs now: the fence below then follows the write's commit.
    if (listener && !this.listening) await listener.startWithin(this.config.DB_CONNECT_TIMEOUT_MS);
    if (!listener || !this.listening) return;
    const sequence = ++this.fenceSeq;
    let timer: NodeJS.Timeout | undefined;
    const heard = new Promise<boolean>((resolve) => {
      this.fences.set(sequence, { heard: 0, expected: Number.POSITIVE_INFINITY, done: () => resolve(true) });
      timer = setTimeout(() => resolve(false), FENCE_TIMEOUT_MS);
      timer.unref();
    });
    try {
      const listeners = await listener.notify(PRINCIPAL_CHANNEL, `fence:${this.id}:${sequence}`);
      const fence = this.fences.get(sequence);
      // Alone on the database: this process's own memory is already empty.
      if (!fence || listeners <= 1) return;
      fence.expected = listeners;
      if (fence.heard >= fence.expected) return;
      if (!(await heard)) this.logger.warn(`not every replica confirmed a principal change within ${FENCE_TIMEOUT_MS} ms (${fence.heard} of ${listeners})`);
    } catch (error) {
      this.logger.warn(`principal fence failed: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
      this.fences.delete(sequence);
    }
  }

  /** Whether an entry of this user is kept (tests and diagnostics). */
  holds(userId: string): boolean {
    for (const entry of this.entries.values()) if (entry.userId === userId) return true;
    return false;
  }

  async onModuleDestroy(): Promise<void> {
    this.listening = false;
    this.forget();
    await this.listener?.stop();
  }

  private onNotification(payload: string): void {
    const fence = FENCE.exec(payload);
    if (fence) {
      // Everything committed before the fence has reached this listener (commit order): say so.
      void this.listener?.notify(PRINCIPAL_CHANNEL, `heard:${fence[1]}:${fence[2]}`).catch(() => undefined);
      return;
    }
    const answer = FENCE_ANSWER.exec(payload);
    if (answer) {
      const waiting = answer[1] === this.id ? this.fences.get(Number(answer[2])) : undefined;
      if (waiting && ++waiting.heard >= waiting.expected) waiting.done();
      return;
    }
    this.forget(payload);
  }

  /** Opened by the first request (so the CLI never holds one); nothing is kept until it LISTENs. */
  private listen(): void {
    if (this.listener) return;
    this.listener = new ListenerConnection(
      {
        databaseUrl: this.databaseUrl,
        channels: [PRINCIPAL_CHANNEL],
        name: 'newsdesk-listener-auth',
        connectTimeoutMs: this.config.DB_CONNECT_TIMEOUT_MS,
        keepaliveMs: this.config.DB_LISTENER_KEEPALIVE_MS,
      },
      {
        notification: (_channel, payload) => this.onNotification(payload),
        connected: () => {
          // Whatever was kept before this connection may have changed unheard.
          this.forget();
          this.listening = true;
        },
        lost: (error, retryInMs) => {
          this.listening = false;
          this.forget();
          this.logger.warn(`auth listener lost (${error.message}); caching off, reconnecting in ${retryInMs} ms`);
        },
      },
    );
    void this.listener.start();
  }
}
