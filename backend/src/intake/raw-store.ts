import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { IntakeDoor } from '@newsdesk/shared';
import { DatabaseTimeoutError, withDeadline } from '../database/database-deadlines.js';
import type { RawMessagesRepository } from './raw-messages.repository.js';

export interface RawInput {
  bytes: Buffer;
  door: IntakeDoor;
  envelopeFrom?: string | null;
  envelopeTo?: string[];
  source?: string | null;
  /** SMTP door only: the connecting client's address and HELO, for SPF at processing time. */
  clientIp?: string | null;
  helo?: string | null;
  /** SMTP door only: the client signed in with SMTP AUTH (a relay of ours). */
  smtpAuthenticated?: boolean;
}

/** A raw message to insert; a null sha256 is computed by PostgreSQL. */
export interface NewRawRow {
  id: string;
  input: RawInput;
  sha256: string | null;
}

interface Pending {
  id: string;
  input: RawInput;
  resolve: (id: string) => void;
  reject: (error: unknown) => void;
  /** The caller already got its error: the row is left out of the INSERT. */
  expired: boolean;
}

const MAX_BATCH = 64;
/** Recently committed messages kept in memory for their processing (bounded). */
const HANDOFF_BYTES = 64 * 1024 * 1024;

/**
 * Commits raw messages with group commit: arrivals that come in while one INSERT is in flight
 * go together in the next one. Each caller's promise resolves only after its row is committed,
 * so a door can still answer "250" strictly after commit. Each INSERT has a deadline: a database
 * that hangs gets the batch an error (SMTP 451, the sender retries) instead of a door that never answers.
 */
export class RawStore {
  private queue: Pending[] = [];
  private flushing = false;
  private readonly handoff = new Map<string, Buffer>();
  /** Ids in the INSERT under way, settled when it ends: the commit's NOTIFY can reach the worker before its reply reaches us. */
  private readonly committing = new Map<string, Promise<void>>();
  private handoffBytes = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly raw: RawMessagesRepository,
    private readonly commitTimeoutMs: number,
  ) {}

  store(input: RawInput): Promise<string> {
    return new Promise((resolve, reject) => {
      // The deadline counts from arrival: waiting behind a hung batch counts too.
      const timer = setTimeout(() => {
        pending.expired = true;
        reject(new DatabaseTimeoutError(this.commitTimeoutMs, 'storing the raw message'));
      }, this.commitTimeoutMs);
      const settle = () => clearTimeout(timer);
      const pending: Pending = {
        id: randomUUID(),
        input,
        resolve: (id) => {
          settle();
          resolve(id);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
        expired: false,
      };
      this.queue.push(pending);
      if (!this.flushing) void this.flush();
    });
  }

  /**
   * Commits many messages in one multi-row INSERT (one transaction), for a bulk door such as import.
   * With `reusePending`, a message whose exact bytes already wait as a pending row of the same door
   * (an import interrupted before processing) gets that row's id instead of a second row.
   */
  async storeMany(inputs: RawInput[], options: { reusePending?: boolean; timeoutMs?: number } = {}): Promise<string[]> {
    if (!inputs.length) return [];
    return withDeadline(this.dataSource, options.timeoutMs ?? this.commitTimeoutMs, 'storing the raw messages', (manager) =>
      this.storeManyIn(manager, inputs, options.reusePending ?? false),
    );
  }

  /**
   * storeMany inside the caller's transaction (the import stores and processes a batch in one): the bytes
   * are handed over at once, since only this transaction can see the rows until it commits.
   */
  async storeManyIn(tx: EntityManager, inputs: RawInput[], reusePending: boolean): Promise<string[]> {
    if (!inputs.length) return [];
    // The caller is a bulk door (the CLI), not a server event loop: hashing here is cheap and lets one query find earlier rows.
    const hashes = inputs.map((input) => createHash('sha256').update(input.bytes).digest('hex'));
    const reusable = new Map<string, string[]>();
    if (reusePending) {
      const doors = [...new Set(inputs.map((input) => input.door))];
      const rows = await this.raw.pendingWithHashes(tx, [...new Set(hashes)], doors);
      for (const row of rows) reusable.set(row.sha256, [...(reusable.get(row.sha256) ?? []), row.id]);
    }
    const ids: string[] = [];
    const rows: NewRawRow[] = [];
    inputs.forEach((input, index) => {
      // Each pending row is taken once, so the same message twice in one archive still makes two rows.
      const reused = reusable.get(hashes[index])?.shift();
      if (reused) {
        ids.push(reused);
        return;
      }
      const id = randomUUID();
      ids.push(id);
      rows.push({ id, input, sha256: hashes[index] });
    });
    await this.raw.insertMany(tx, rows);
    ids.forEach((id, index) => this.keep(id, inputs[index].bytes));
    return ids;
  }

  /** Drops the bytes kept for ids whose rows never committed (a rolled-back import batch). */
  forget(ids: string[]): void {
    for (const id of ids) this.takeNow(id);
  }

  /** The committed bytes of `id` if this process still holds them (each id is handed over once), after its INSERT has returned. */
  async take(id: string): Promise<Buffer | undefined> {
    await this.committing.get(id);
    return this.takeNow(id);
  }

  private takeNow(id: string): Buffer | undefined {
    const bytes = this.handoff.get(id);
    if (bytes) {
      this.handoff.delete(id);
      this.handoffBytes -= bytes.length;
    }
    return bytes;
  }

  private keep(id: string, bytes: Buffer) {
    if (bytes.length > HANDOFF_BYTES / 4) return;
    this.handoff.set(id, bytes);
    this.handoffBytes += bytes.length;
    // Oldest first: a message another replica processes is never taken here, so it ages out.
    for (const [oldest, kept] of this.handoff) {
      if (this.handoffBytes <= HANDOFF_BYTES) break;
      this.handoff.delete(oldest);
      this.handoffBytes -= kept.length;
    }
  }

  private async flush() {
    this.flushing = true;
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH).filter((pending) => !pending.expired);
      if (!batch.length) continue;
      let committed!: () => void;
      const settled = new Promise<void>((resolve) => (committed = resolve));
      for (const pending of batch) this.committing.set(pending.id, settled);
      try {
        // Past the deadline the batch may still commit once the server runs again; the retried mail is then a duplicate, which intake folds by Message-ID.
        // PostgreSQL hashes the bytes (sha256: null), keeping a 10 MB SHA-256 off this event loop.
        await withDeadline(this.dataSource, this.commitTimeoutMs, 'storing the raw message', (manager) =>
          this.raw.insertMany(
            manager,
            batch.map(({ id, input }) => ({ id, input, sha256: null })),
          ),
        );
        for (const pending of batch) {
          this.keep(pending.id, pending.input.bytes);
          pending.resolve(pending.id);
        }
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      } finally {
        for (const pending of batch) this.committing.delete(pending.id);
        committed();
      }
    }
    this.flushing = false;
  }
}
